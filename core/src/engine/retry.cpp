#include "engine/retry.hpp"

#include <photobridge/sdk/error.hpp>

#include <algorithm>
#include <thread>

namespace photobridge::engine {

bool is_transient(std::int32_t code) noexcept { return sdk::is_retryable(code); }

bool may_have_taken_effect(std::int32_t code) noexcept {
    return code == PB_ERR_UNAVAILABLE || code == PB_ERR_TIMEOUT || code == PB_ERR_NETWORK;
}

Backoff::Backoff(RetryPolicy policy, std::uint64_t seed) : policy_(policy), random_(seed) {}

std::chrono::milliseconds Backoff::ceiling(int retry) const {
    const std::int64_t base = std::max(0, policy_.backoff_ms);
    const std::int64_t cap = std::max<std::int64_t>(base, policy_.max_backoff_ms);
    const int doublings = std::clamp(retry - 1, 0, 40);
    // base << doublings may pass the cap long before it overflows (cap fits in int).
    std::int64_t value = base;
    for (int i = 0; i < doublings && value < cap; ++i) value *= 2;
    return std::chrono::milliseconds(std::min(value, cap));
}

std::chrono::milliseconds Backoff::delay(int retry, std::uint32_t retry_after_ms) {
    const auto top = ceiling(retry).count();
    std::uniform_int_distribution<std::int64_t> pick(0, top);
    const std::int64_t jittered = top > 0 ? pick(random_) : 0;
    return std::chrono::milliseconds(std::max<std::int64_t>(jittered, retry_after_ms));
}

bool sleep_unless_cancelled(std::chrono::milliseconds duration, const host::CancellationToken* stop) {
    using clock = std::chrono::steady_clock;
    const auto until = clock::now() + duration;
    constexpr auto kSlice = std::chrono::milliseconds(20);
    for (;;) {
        if (stop != nullptr && stop->cancelled()) return false;
        const auto now = clock::now();
        if (now >= until) return true;
        std::this_thread::sleep_for(std::min<clock::duration>(until - now, kSlice));
    }
}

}  // namespace photobridge::engine
