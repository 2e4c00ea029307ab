// Runs `every`-triggered workflows on their period. Each workflow has its
// own thread, so one workflow's run never delays another's, and a run never
// overlaps the previous run of the same workflow: the next run starts at the
// first tick of the period grid (start, start + period, ...) after the
// previous run returned; ticks missed while a run was still going are
// skipped, not queued. The first run starts when the scheduler starts.
//
// Thread contract: start() and stop() from one owning thread; `run` is
// called on the scheduler's threads, one call at a time per workflow, and
// must return soon after the caller's own stop signal (the scheduler does not
// interrupt it).
#pragma once

#include "serve/clock.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace photobridge::serve {

struct ScheduledWorkflow {
    std::string name;
    Clock::duration period{};
};

class Scheduler {
public:
    using RunWorkflow = std::function<void(const std::string& workflow)>;

    Scheduler(Clock& clock, std::vector<ScheduledWorkflow> workflows, RunWorkflow run);
    ~Scheduler();  // stop()
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    void start();
    // No run starts after this; waits for the runs under way to return.
    void stop();
    // Ticks skipped because a run of the same workflow was still going.
    std::int64_t skipped_ticks() const noexcept { return skipped_.load(); }

private:
    void loop(const ScheduledWorkflow& workflow);

    Clock& clock_;
    std::vector<ScheduledWorkflow> workflows_;
    RunWorkflow run_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::int64_t> skipped_{0};
    std::vector<std::thread> threads_;
};

}  // namespace photobridge::serve
