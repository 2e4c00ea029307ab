// The RequestGate of one connection in a run: holds every request back
// while the provider's rate limit has not reset (pause_for, told by the host
// when a call fails with RATE_LIMITED and a reset time), then applies the
// workflow's own [policy] rate_limit for the connection, when there is one.
#pragma once

#include "engine/rate_limiter.hpp"
#include "host/cancellation.hpp"
#include "host/request_gate.hpp"

#include <chrono>
#include <memory>
#include <mutex>

namespace photobridge::engine {

// Thread contract: acquire() and pause_for() are [any-thread].
class ConnectionGate final : public host::RequestGate {
public:
    using clock = std::chrono::steady_clock;

    // `limit` may be null (no rate limit of the workflow's own); `stop`
    // (may be null) makes waiting callers give up.
    ConnectionGate(std::unique_ptr<TokenBucket> limit, host::CancellationTokenPtr stop);

    bool acquire() override;
    void pause_for(std::chrono::milliseconds wait) override;

    // Until when requests are held back (the past when they are not).
    clock::time_point paused_until() const;

private:
    std::unique_ptr<TokenBucket> limit_;
    host::CancellationTokenPtr stop_;
    mutable std::mutex mutex_;
    clock::time_point paused_until_{};
};

}  // namespace photobridge::engine
