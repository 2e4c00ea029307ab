// make_dataset_backend (dataset_backend.hpp) and dataset_route_is_public
// (public_routes.hpp): the entry points the framework calls.
#include <string_view>

#include "../dataset_backend.hpp"
#include "backend_factories.hpp"
#include "public_routes.hpp"

namespace photobridge::mock {

std::unique_ptr<DatasetBackend> make_dataset_backend(std::string_view provider, const DatasetOptions& options) {
    if (provider == "headshotpro") return dataset::make_headshotpro_backend(options);
    if (provider == "generative_photos") return dataset::make_generative_photos_backend(options);
    if (provider == "cloudcard") return dataset::make_cloudcard_backend(options);
    if (provider == "snapbar") return dataset::make_snapbar_backend(options);
    if (provider == "shootbin") return dataset::make_shootbin_backend(options);
    return nullptr;
}

bool dataset_route_is_public(std::string_view provider, std::string_view path) {
    const bool known = provider == "headshotpro" || provider == "generative_photos" || provider == "cloudcard" ||
                       provider == "snapbar" || provider == "shootbin";
    return known && path.starts_with("/cdn/");
}

}  // namespace photobridge::mock
