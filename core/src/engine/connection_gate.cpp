#include "engine/connection_gate.hpp"

#include <algorithm>
#include <thread>

namespace photobridge::engine {

ConnectionGate::ConnectionGate(std::unique_ptr<TokenBucket> limit, host::CancellationTokenPtr stop)
    : limit_(std::move(limit)), stop_(std::move(stop)) {}

void ConnectionGate::pause_for(std::chrono::milliseconds wait) {
    const auto until = clock::now() + wait;
    std::lock_guard lock(mutex_);
    paused_until_ = std::max(paused_until_, until);
}

ConnectionGate::clock::time_point ConnectionGate::paused_until() const {
    std::lock_guard lock(mutex_);
    return paused_until_;
}

bool ConnectionGate::acquire() {
    // Short slices, so a stop is noticed within 50 ms and a pause made
    // longer meanwhile is honoured.
    for (;;) {
        if (stop_ && stop_->cancelled()) return false;
        const auto now = clock::now();
        const auto until = paused_until();
        if (until <= now) break;
        std::this_thread::sleep_for(std::min<clock::duration>(until - now, std::chrono::milliseconds(50)));
    }
    return limit_ ? limit_->acquire() : true;
}

}  // namespace photobridge::engine
