// snapbar's registration: its dataset backend, the shared /cdn/ auth rule,
// and the mock as Snapbar's webhook sender (POST /__admin/webhooks/snapbar,
// sdk-docs/mockserver.md).
#include "providers/builtin_providers.hpp"

#include "dataset_backend.hpp"
#include "webhook_sender.hpp"

namespace photobridge::mock::providers {

ProviderRules snapbar_provider() {
    ProviderRules rules = with_dataset("snapbar", &dataset::make_snapbar_backend);
    rules.admin_routes.push_back(AdminRoute{"POST", "webhooks/snapbar", &handle_snapbar_webhook_request});
    return rules;
}

}  // namespace photobridge::mock::providers
