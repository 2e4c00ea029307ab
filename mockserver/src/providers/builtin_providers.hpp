// The providers this mock serves, one registration each
// (providers/<id>/provider.cpp); builtin_providers.cpp collects them into the
// registry the framework uses (framework/provider_registry.hpp).
#pragma once

#include "framework/provider_registry.hpp"

namespace photobridge::mock::providers {

// The rules every builtin provider starts from: `id`, its dataset backend,
// and the auth rule that dataset paths under /cdn/ (the records' signed
// storage URLs) need no credential.
ProviderRules with_dataset(std::string id, std::unique_ptr<DatasetBackend> (*make_backend)(const DatasetOptions&));

ProviderRules headshotpro_provider();
ProviderRules generative_photos_provider();
ProviderRules snapbar_provider();
ProviderRules shootbin_provider();

}  // namespace photobridge::mock::providers
