// The scheduler on a manual clock: runs at the right ticks, never two runs
// of one workflow at once, missed ticks skipped. No test sleeps for a
// schedule: time moves only when the test advances the clock.
#include "serve_support.hpp"

#include "serve/clock.hpp"
#include "serve/scheduler.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

using namespace std::chrono_literals;
using photobridge::serve::ManualClock;
using photobridge::serve::Scheduler;

namespace {

// Counts runs per workflow; a run can be held until released.
struct RunLog {
    std::mutex mutex;
    std::condition_variable changed;
    std::map<std::string, int> runs;
    std::map<std::string, std::vector<ManualClock::time_point>> started_at;
    int active = 0, max_active = 0;
    bool hold = false;

    void run(const std::string& name, const ManualClock& clock) {
        std::unique_lock lock(mutex);
        ++runs[name];
        started_at[name].push_back(clock.now());
        max_active = std::max(max_active, ++active);
        changed.notify_all();
        changed.wait(lock, [&] { return !hold; });
        --active;
        changed.notify_all();
    }
    bool wait_runs(const std::string& name, int n) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, 5s, [&] { return runs[name] >= n; });
    }
    int count(const std::string& name) {
        std::lock_guard lock(mutex);
        return runs[name];
    }
    void release() {
        std::lock_guard lock(mutex);
        hold = false;
        changed.notify_all();
    }
};

}  // namespace

TEST_CASE("scheduler: the first run at start, then one run per period, at the period's ticks") {
    ManualClock clock;
    RunLog log;
    const auto t0 = clock.now();
    Scheduler scheduler(clock, {{"every-15m", 15min}, {"every-1h", 1h}},
                        [&](const std::string& name) { log.run(name, clock); });
    scheduler.start();
    REQUIRE(log.wait_runs("every-15m", 1));
    REQUIRE(log.wait_runs("every-1h", 1));
    REQUIRE(clock.await_waiters(2, 5s));

    clock.advance(14min);
    REQUIRE(clock.await_waiters(2, 5s));
    CHECK(log.count("every-15m") == 1);

    clock.advance(1min);  // t0 + 15m
    REQUIRE(log.wait_runs("every-15m", 2));
    REQUIRE(clock.await_waiters(2, 5s));
    CHECK(log.count("every-1h") == 1);

    for (int i = 0; i < 3; ++i) {  // t0 + 30m, 45m, 60m
        clock.advance(15min);
        REQUIRE(log.wait_runs("every-15m", 3 + i));
        REQUIRE(clock.await_waiters(2, 5s));
    }
    REQUIRE(log.wait_runs("every-1h", 2));
    scheduler.stop();
    CHECK(log.count("every-15m") == 5);
    CHECK(log.count("every-1h") == 2);
    const auto& starts = log.started_at["every-15m"];
    for (std::size_t i = 0; i < starts.size(); ++i) CHECK(starts[i] - t0 == 15min * static_cast<int>(i));
    CHECK(scheduler.skipped_ticks() == 0);
}

TEST_CASE("scheduler: a run that outlasts its period is never overlapped, and the missed ticks are skipped") {
    ManualClock clock;
    RunLog log;
    const auto t0 = clock.now();
    Scheduler scheduler(clock, {{"slow", 10min}}, [&](const std::string& name) { log.run(name, clock); });
    scheduler.start();
    REQUIRE(log.wait_runs("slow", 1));
    REQUIRE(clock.await_waiters(1, 5s));

    {
        std::lock_guard lock(log.mutex);
        log.hold = true;  // the next run hangs until released
    }
    clock.advance(10min);  // t0 + 10m: the second run starts and hangs
    REQUIRE(log.wait_runs("slow", 2));
    clock.advance(35min);  // t0 + 45m: ticks at 20, 30 and 40 pass during the run
    CHECK(log.count("slow") == 2);
    log.release();
    REQUIRE(clock.await_waiters(1, 5s));  // waiting for the tick at t0 + 50m
    CHECK(log.count("slow") == 2);
    CHECK(scheduler.skipped_ticks() == 3);

    clock.advance(5min);  // t0 + 50m
    REQUIRE(log.wait_runs("slow", 3));
    scheduler.stop();
    CHECK(log.max_active == 1);
    CHECK(log.started_at["slow"].back() - t0 == 50min);
}

TEST_CASE("scheduler: stop() wakes a waiting scheduler at once, with no further run") {
    ManualClock clock;
    RunLog log;
    Scheduler scheduler(clock, {{"w", 24h}}, [&](const std::string& name) { log.run(name, clock); });
    scheduler.start();
    REQUIRE(log.wait_runs("w", 1));
    REQUIRE(clock.await_waiters(1, 5s));
    scheduler.stop();
    CHECK(log.count("w") == 1);
}
