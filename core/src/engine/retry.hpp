// Retrying plugin calls that failed for a transient reason (HTTP 429, 5xx,
// timeouts, connection resets): exponential backoff with full jitter, and
// never sooner than the provider's Retry-After.
#pragma once

#include "model/workflow.hpp"
#include "host/cancellation.hpp"
#include "host/invoke_error.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <random>

namespace photobridge::engine {
using namespace photobridge::model;  // the run and the parser speak the model's types

// RATE_LIMITED, UNAVAILABLE, TIMEOUT and NETWORK: worth another try.
bool is_transient(std::int32_t code) noexcept;
// TIMEOUT, NETWORK and UNAVAILABLE: the provider may have acted on the
// request before the failure, so blindly repeating a non-idempotent write
// could do it twice. (RATE_LIMITED means the request was refused unread.)
bool may_have_taken_effect(std::int32_t code) noexcept;

// The wait before each retry. Full jitter (AWS architecture blog, "Exponential
// Backoff And Jitter"): retry n waits a uniform random time in
// [0, min(max_backoff_ms, backoff_ms * 2^(n-1))], and at least the
// provider's Retry-After when it sent one.
// Thread contract: one Backoff per thread (it owns a random generator).
class Backoff {
public:

    explicit Backoff(RetryPolicy policy, std::uint64_t seed = std::random_device{}());

    // `retry` is 1 for the first retry. Never negative; never above
    // max(ceiling(retry), retry_after_ms).
    std::chrono::milliseconds delay(int retry, std::uint32_t retry_after_ms = 0);
    // The upper bound of the jittered part for retry `retry` (before Retry-After).
    std::chrono::milliseconds ceiling(int retry) const;
    const RetryPolicy& policy() const noexcept { return policy_; }

private:
    RetryPolicy policy_;
    std::mt19937_64 random_;
};

// Sleeps `duration` in short slices; returns false as soon as `stop` is
// cancelled (true when the whole time passed). `stop` may be null.
bool sleep_unless_cancelled(std::chrono::milliseconds duration, const host::CancellationToken* stop);

// Called before each retry with the failure, the retry number (1-based) and
// the wait. Used for log lines and counters. [the calling thread]
using RetryObserver = std::function<void(const host::InvokeError&, int retry, std::chrono::milliseconds wait)>;

// A rate limit that says when it resets: waited for without spending an
// attempt, this many times in a row at most (then it counts as one).
inline constexpr int kFreeRateLimitWaits = 100;

// Whether a transient failure spends one of the record's attempts: a rate
// limit with a reset time does not, up to kFreeRateLimitWaits in a row
// (`free_waits` counts them; any other failure resets it).
inline bool spends_attempt(const host::InvokeError& e, int& free_waits) noexcept {
    if (e.code() == PB_ERR_RATE_LIMITED && e.retry_after_ms() > 0 && free_waits < kFreeRateLimitWaits) {
        ++free_waits;
        return false;
    }
    free_waits = 0;
    return true;
}

// True for a rate-limit failure whose reset time the run will not wait for
// ([policy] max_wait): the run is deferred to that time instead.
inline bool defers_run(const host::InvokeError& e, const RetryPolicy& policy) noexcept {
    return e.code() == PB_ERR_RATE_LIMITED && e.retry_after_ms() > policy.max_wait_ms;
}

// Runs `attempt` up to policy.attempts times while it throws a transient
// InvokeError, waiting between tries. A RATE_LIMITED error that carries a
// reset time (retry_after_ms > 0) waits for it without spending an attempt
// (up to kFreeRateLimitWaits in a row). Rethrows the last error when the
// tries run out, when the error is not transient, when its reset time is
// beyond max_wait (defers_run), or (as CANCELLED) when `stop` is cancelled
// during a wait. `*attempts` receives the number of tries made.
template <typename Attempt>
auto call_with_retries(Backoff& backoff, const host::CancellationToken* stop, const RetryObserver& observer,
                       Attempt&& attempt, int* attempts = nullptr) -> decltype(attempt()) {
    const int limit = backoff.policy().attempts < 1 ? 1 : backoff.policy().attempts;
    int free_waits = 0;
    for (int tried = 1;; ++tried) {
        if (attempts != nullptr) *attempts = tried;
        try {
            return attempt();
        } catch (const host::InvokeError& e) {
            if (!is_transient(e.code()) || e.retry_after_ms() > backoff.policy().max_wait_ms) throw;
            if (!spends_attempt(e, free_waits)) {
                --tried;  // a reset time is the provider's schedule, not a failure of this record
            } else if (tried >= limit) {
                throw;
            }
            const auto wait = backoff.delay(tried < 1 ? 1 : tried, e.retry_after_ms());
            if (observer) observer(e, tried, wait);
            if (!sleep_unless_cancelled(wait, stop))
                throw host::InvokeError(PB_ERR_CANCELLED, std::string("stopped while waiting to retry after: ") + e.what(),
                                        e.http_status(), e.provider_code());
        }
    }
}

}  // namespace photobridge::engine
