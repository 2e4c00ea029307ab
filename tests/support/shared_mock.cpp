#include "support/shared_mock.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <utility>

namespace photobridge::testing {

MockOptions single_provider_options(const std::string& provider, std::optional<std::size_t> dataset) {
    MockOptions o;
    o.providers = {provider};
    o.dataset = dataset;
    return o;
}

MockServer& shared_mock(const std::string& provider, std::optional<std::size_t> dataset) {
    static std::mutex mutex;
    static std::map<std::pair<std::string, std::optional<std::size_t>>, std::unique_ptr<MockServer>> mocks;
    std::lock_guard lock(mutex);
    auto& slot = mocks[{provider, dataset}];
    if (!slot) slot = std::make_unique<MockServer>(single_provider_options(provider, dataset));
    return *slot;
}

}  // namespace photobridge::testing
