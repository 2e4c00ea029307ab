#include "serve/scheduler.hpp"

#include "host/logger.hpp"

namespace photobridge::serve {

Scheduler::Scheduler(Clock& clock, std::vector<ScheduledWorkflow> workflows, RunWorkflow run)
    : clock_(clock), workflows_(std::move(workflows)), run_(std::move(run)) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::start() {
    if (!threads_.empty()) return;
    for (const auto& w : workflows_) threads_.emplace_back([this, &w] { loop(w); });
}

void Scheduler::stop() {
    stopping_.store(true);
    clock_.notify();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

void Scheduler::loop(const ScheduledWorkflow& workflow) {
    const auto stopping = [this] { return stopping_.load(); };
    Clock::time_point next = clock_.now();
    while (!stopping()) {
        if (clock_.now() < next && clock_.wait_until(next, stopping)) return;
        if (stopping()) return;
        try {
            run_(workflow.name);
        } catch (const std::exception& e) {
            host::log_line(host::LogLevel::error, "serve", workflow.name + ": scheduled run failed: " + e.what());
        }
        next += workflow.period;
        for (const auto now = clock_.now(); next <= now; next += workflow.period) skipped_.fetch_add(1);
    }
}

}  // namespace photobridge::serve
