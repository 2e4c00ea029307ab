// cloudcard's registration: its dataset backend and the shared /cdn/ auth rule.
#include "providers/builtin_providers.hpp"

#include "dataset_backend.hpp"

namespace photobridge::mock::providers {

ProviderRules cloudcard_provider() { return with_dataset("cloudcard", &dataset::make_cloudcard_backend); }

}  // namespace photobridge::mock::providers
