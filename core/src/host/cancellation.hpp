// A cancellation flag shared by everything working on behalf of one run.
#pragma once

#include <atomic>
#include <memory>

namespace photobridge::host {

class CancellationToken;
using CancellationTokenPtr = std::shared_ptr<CancellationToken>;

// Set once (from a signal handler, a test or the engine), read from any
// thread. Never reset: a new run gets a new token. A token made with a
// parent is cancelled when the parent is, and cancelling it leaves the
// parent alone (one run of a long-lived service stops, the service not).
class CancellationToken {
public:
    CancellationToken() = default;
    explicit CancellationToken(CancellationTokenPtr parent) : parent_(std::move(parent)) {}

    void cancel() noexcept { flag_.store(true, std::memory_order_relaxed); }
    bool cancelled() const noexcept {
        return flag_.load(std::memory_order_relaxed) || (parent_ && parent_->cancelled());
    }

private:
    std::atomic<bool> flag_{false};
    const CancellationTokenPtr parent_;  // shared: outlives nothing it depends on
};

}  // namespace photobridge::host
