// The time source of `photobridge serve`'s scheduler, injectable so that
// tests drive schedules with a manual clock instead of sleeping.
//
// Thread contract: every member is [any-thread]. wait_until() blocks the
// calling thread; notify() wakes every waiter to re-check its `wake`
// condition (call it after changing what a `wake` reads).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace photobridge::serve {

class Clock {
public:
    using time_point = std::chrono::steady_clock::time_point;
    using duration = std::chrono::steady_clock::duration;

    virtual ~Clock() = default;
    virtual time_point now() const = 0;
    // Blocks until now() >= deadline or wake() returns true, whichever comes
    // first. Returns true when woken by `wake`, false at the deadline.
    // `wake` is called with the clock's internal lock held: it must be cheap
    // and must not call back into the clock.
    virtual bool wait_until(time_point deadline, const std::function<bool()>& wake) = 0;
    virtual void notify() = 0;
};

// std::chrono::steady_clock.
class SteadyClock final : public Clock {
public:
    time_point now() const override { return std::chrono::steady_clock::now(); }
    bool wait_until(time_point deadline, const std::function<bool()>& wake) override;
    void notify() override;

private:
    std::mutex mutex_;
    std::condition_variable changed_;
};

// Time moves only when advance() is called. For tests.
class ManualClock final : public Clock {
public:
    time_point now() const override;
    bool wait_until(time_point deadline, const std::function<bool()>& wake) override;
    void notify() override;

    void advance(duration by);
    // Blocks (real time, up to `timeout`) until at least `count` threads are
    // inside wait_until(). True when they are.
    bool await_waiters(int count, std::chrono::milliseconds timeout);

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    time_point now_{};
    int waiters_ = 0;
};

}  // namespace photobridge::serve
