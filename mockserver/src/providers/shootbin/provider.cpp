// shootbin's registration: its dataset backend and the shared /cdn/ auth rule.
#include "providers/builtin_providers.hpp"

#include "dataset_backend.hpp"

namespace photobridge::mock::providers {

ProviderRules shootbin_provider() { return with_dataset("shootbin", &dataset::make_shootbin_backend); }

}  // namespace photobridge::mock::providers
