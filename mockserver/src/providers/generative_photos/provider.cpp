// generative_photos's registration: its dataset backend and the shared /cdn/ auth rule.
#include "providers/builtin_providers.hpp"

#include "dataset_backend.hpp"

namespace photobridge::mock::providers {

ProviderRules generative_photos_provider() { return with_dataset("generative_photos", &dataset::make_generative_photos_backend); }

}  // namespace photobridge::mock::providers
