// builtin_providers() (framework/provider_registry.hpp): every provider
// folder's registration (provider.cpp), in the order the admin API lists their routes.
#include "builtin_providers.hpp"

namespace photobridge::mock {

ProviderRules providers::with_dataset(std::string id,
                                      std::unique_ptr<DatasetBackend> (*make_backend)(const DatasetOptions&)) {
    ProviderRules rules;
    rules.id = std::move(id);
    rules.make_dataset_backend = make_backend;
    rules.auth.public_dataset_prefixes = {"/cdn/"};
    return rules;
}

const ProviderRegistry& builtin_providers() {
    static const ProviderRegistry registry = [] {
        ProviderRegistry r;
        r.add(providers::headshotpro_provider());
        r.add(providers::generative_photos_provider());
        r.add(providers::snapbar_provider());
        r.add(providers::shootbin_provider());
        return r;
    }();
    return registry;
}

}  // namespace photobridge::mock
