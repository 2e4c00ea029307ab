// One run of a served workflow through the engine (engine::run_workflow):
// a scheduled pass over the source, or the records a webhook named. Runs of
// the same workflow are serialised (never overlap); each finished run is
// added to the metrics and logged in one line.
//
// Thread contract: run() is [any-thread]; it blocks until the run ends.
// Stop/abort tokens are shared with the whole service: a stop makes a run
// under way end early (interrupted), as Ctrl-C does for `photobridge run`.
#pragma once

#include "engine/run_engine.hpp"
#include "host/cancellation.hpp"
#include "host/plugin_registry.hpp"
#include "serve/metrics_registry.hpp"
#include "state/state_store.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace photobridge::serve {

class WorkflowRunner {
public:
    WorkflowRunner(const host::PluginRegistry& registry, state::StateStore& store, MetricsRegistry& metrics,
                   host::CancellationTokenPtr stop, host::CancellationTokenPtr abort,
                   std::chrono::milliseconds shutdown_grace);

    // `records`: run over these (canonical) records instead of the source.
    // Throws what run_workflow throws when the run cannot start.
    engine::RunSummary run(const model::Workflow& workflow, std::optional<boost::json::array> records = std::nullopt);

private:
    std::mutex& lock_for(const std::string& workflow);

    const host::PluginRegistry& registry_;
    state::StateStore& store_;
    MetricsRegistry& metrics_;
    host::CancellationTokenPtr stop_;
    host::CancellationTokenPtr abort_;
    std::chrono::milliseconds shutdown_grace_;
    std::mutex locks_mutex_;
    std::map<std::string, std::unique_ptr<std::mutex>> locks_;
};

}  // namespace photobridge::serve
