// Per-connection rate limits (`[policy] rate_limit = { hp = 10.0 }`): a token
// bucket plugged into the host as the connection's RequestGate, so every HTTP
// request the plugin sends, whatever operation it belongs to, waits its turn.
#pragma once

#include "host/cancellation.hpp"
#include "host/request_gate.hpp"

#include <chrono>
#include <mutex>

namespace photobridge::engine {

// Tokens refill continuously at `rate` per second up to `burst`; each request
// takes one. A caller that finds the bucket empty reserves the next token and
// sleeps until it is due, so waiting callers are served in arrival order and
// the long-run rate never exceeds `rate`.
// Thread contract: acquire() and try_acquire() are [any-thread].
class TokenBucket final : public host::RequestGate {
public:
    using clock = std::chrono::steady_clock;

    // rate > 0 requests per second; burst >= 1 tokens (the bucket starts
    // full). `stop` (may be null) makes waiting callers give up.
    TokenBucket(double rate, double burst = 1.0, host::CancellationTokenPtr stop = nullptr);

    // Blocks until a token is due. False when `stop` was cancelled first;
    // the token it had reserved is then given back, so a cancelled waiter
    // never delays the callers after it.
    bool acquire() override;
    // Takes a token only if one is available right now.
    bool try_acquire();

    double rate() const noexcept { return rate_; }
    double burst() const noexcept { return burst_; }

private:
    void refill(clock::time_point now);
    // Returns one reserved token to the bucket (never above `burst`).
    void give_back();

    const double rate_;
    const double burst_;
    host::CancellationTokenPtr stop_;
    std::mutex mutex_;
    double tokens_;               // may go negative: tokens reserved by waiting callers
    clock::time_point updated_;
};

}  // namespace photobridge::engine
