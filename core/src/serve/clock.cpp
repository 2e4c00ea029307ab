#include "serve/clock.hpp"

namespace photobridge::serve {

bool SteadyClock::wait_until(time_point deadline, const std::function<bool()>& wake) {
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, deadline, [&] { return wake(); });
}

void SteadyClock::notify() {
    { std::lock_guard lock(mutex_); }  // a waiter between its check and its wait sees the change
    changed_.notify_all();
}

Clock::time_point ManualClock::now() const {
    std::lock_guard lock(mutex_);
    return now_;
}

bool ManualClock::wait_until(time_point deadline, const std::function<bool()>& wake) {
    std::unique_lock lock(mutex_);
    ++waiters_;
    changed_.notify_all();  // await_waiters() watches the count
    changed_.wait(lock, [&] { return wake() || now_ >= deadline; });
    --waiters_;
    return wake();
}

void ManualClock::notify() {
    { std::lock_guard lock(mutex_); }
    changed_.notify_all();
}

void ManualClock::advance(duration by) {
    {
        std::lock_guard lock(mutex_);
        now_ += by;
    }
    changed_.notify_all();
}

bool ManualClock::await_waiters(int count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return waiters_ >= count; });
}

}  // namespace photobridge::serve
