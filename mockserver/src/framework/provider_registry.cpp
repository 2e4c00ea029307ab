#include "provider_registry.hpp"

#include <stdexcept>

namespace photobridge::mock {

bool ProviderRules::is_public_dataset_path(std::string_view path) const {
    for (const auto& prefix : auth.public_dataset_prefixes)
        if (path.starts_with(prefix)) return true;
    return false;
}

void ProviderRegistry::add(ProviderRules rules) {
    if (find(rules.id)) throw std::invalid_argument("provider registered twice: " + rules.id);
    rules_.push_back(std::move(rules));
}

const ProviderRules* ProviderRegistry::find(std::string_view id) const {
    for (const auto& rules : rules_)
        if (rules.id == id) return &rules;
    return nullptr;
}

std::unique_ptr<DatasetBackend> make_dataset_backend(std::string_view provider, const DatasetOptions& options) {
    const ProviderRules* rules = builtin_providers().find(provider);
    return rules && rules->make_dataset_backend ? rules->make_dataset_backend(options) : nullptr;
}

bool dataset_route_is_public(std::string_view provider, std::string_view path) {
    const ProviderRules* rules = builtin_providers().find(provider);
    return rules && rules->is_public_dataset_path(path);
}

}  // namespace photobridge::mock
