#include "serve/workflow_runner.hpp"

#include "host/logger.hpp"

#include <ostream>
#include <sstream>

namespace photobridge::serve {

WorkflowRunner::WorkflowRunner(const host::PluginRegistry& registry, state::StateStore& store, MetricsRegistry& metrics,
                               host::CancellationTokenPtr stop, host::CancellationTokenPtr abort,
                               std::chrono::milliseconds shutdown_grace)
    : registry_(registry), store_(store), metrics_(metrics), stop_(std::move(stop)), abort_(std::move(abort)),
      shutdown_grace_(shutdown_grace) {}

std::mutex& WorkflowRunner::lock_for(const std::string& workflow) {
    std::lock_guard lock(locks_mutex_);
    auto& slot = locks_[workflow];
    if (!slot) slot = std::make_unique<std::mutex>();
    return *slot;
}

engine::RunSummary WorkflowRunner::run(const model::Workflow& workflow, std::optional<boost::json::array> records) {
    std::lock_guard one_at_a_time(lock_for(workflow.name));
    std::ostringstream unused;  // dry-run lines only; serve never runs dry
    engine::RunOptions options;
    options.out = &unused;
    options.stop = stop_;
    options.abort = abort_;
    options.shutdown_grace = shutdown_grace_;
    options.given_records = std::move(records);
    options.wait_for_lock = true;  // a `photobridge run` of the same workflow may be under way: go after it
    engine::RunSummary summary = engine::run_workflow(workflow, registry_, &store_, options);
    metrics_.record_run(summary);
    host::log_line(summary.outcome == state::run_outcome::ok ? host::LogLevel::info : host::LogLevel::warn, "serve",
                   workflow.name + ": run " + summary.outcome + ": read " + std::to_string(summary.read) + ", synced " +
                       std::to_string(summary.synced) + ", skipped " + std::to_string(summary.skipped) + ", failed " +
                       std::to_string(summary.failed) + (summary.failure.empty() ? "" : " (" + summary.failure + ")"));
    return summary;
}

}  // namespace photobridge::serve
