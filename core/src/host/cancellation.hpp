// A cancellation flag shared by everything working on behalf of one run.
#pragma once

#include <atomic>
#include <memory>

namespace photobridge::host {

// Set once (from a signal handler, a test or the engine), read from any
// thread. Never reset: a new run gets a new token.
class CancellationToken {
public:
    void cancel() noexcept { flag_.store(true, std::memory_order_relaxed); }
    bool cancelled() const noexcept { return flag_.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> flag_{false};
};

using CancellationTokenPtr = std::shared_ptr<CancellationToken>;

}  // namespace photobridge::host
