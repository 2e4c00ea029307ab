// headshotpro's registration: its dataset backend and the shared /cdn/ auth rule.
#include "providers/builtin_providers.hpp"

#include "dataset_backend.hpp"

namespace photobridge::mock::providers {

ProviderRules headshotpro_provider() { return with_dataset("headshotpro", &dataset::make_headshotpro_backend); }

}  // namespace photobridge::mock::providers
