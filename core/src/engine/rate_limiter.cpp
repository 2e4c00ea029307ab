#include "engine/rate_limiter.hpp"

#include "engine/retry.hpp"

#include <algorithm>
#include <stdexcept>

namespace photobridge::engine {

TokenBucket::TokenBucket(double rate, double burst, host::CancellationTokenPtr stop)
    : rate_(rate), burst_(std::max(1.0, burst)), stop_(std::move(stop)), tokens_(std::max(1.0, burst)),
      updated_(clock::now()) {
    if (!(rate > 0.0)) throw std::invalid_argument("rate limit must be a positive number of requests per second");
}

void TokenBucket::refill(clock::time_point now) {
    const double elapsed = std::chrono::duration<double>(now - updated_).count();
    if (elapsed > 0) tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
    updated_ = now;
}

bool TokenBucket::try_acquire() {
    std::lock_guard lock(mutex_);
    refill(clock::now());
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
}

bool TokenBucket::acquire() {
    std::chrono::nanoseconds wait{0};
    {
        std::lock_guard lock(mutex_);
        refill(clock::now());
        tokens_ -= 1.0;  // reserve ours, even if it is not there yet
        if (tokens_ < 0.0) wait = std::chrono::nanoseconds(static_cast<std::int64_t>(-tokens_ / rate_ * 1e9));
    }
    const bool granted = wait.count() <= 0 ? !(stop_ && stop_->cancelled())
                                           : sleep_unless_cancelled(std::chrono::ceil<std::chrono::milliseconds>(wait),
                                                                    stop_.get());
    if (!granted) give_back();
    return granted;
}

void TokenBucket::give_back() {
    std::lock_guard lock(mutex_);
    refill(clock::now());
    tokens_ = std::min(burst_, tokens_ + 1.0);
}

}  // namespace photobridge::engine
