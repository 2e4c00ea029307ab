#include "cli/workflow_running.hpp"

#include "cli/exit_codes.hpp"
#include "cli/progress_reporter.hpp"
#include "engine/run_engine.hpp"
#include "engine/sink_guarantees.hpp"
#include "host/signal_handling.hpp"
#include "workflow/workflow_loader.hpp"
#include "host/invoke_error.hpp"
#include "common/json_pretty.hpp"
#include "state/state_backend.hpp"

#include <photobridge/sdk/error.hpp>

#include <filesystem>
#include <memory>
#include <optional>

namespace photobridge::cli {

std::optional<model::Workflow> load_workflow_or_report(const std::string& file, const host::PluginRegistry& registry) {
    workflow_file::LoadResult loaded = workflow_file::load_workflow(file, registry);
    std::vector<std::string> errors;
    if (loaded.workflow) {
        errors = engine::guarantee_violations(*loaded.workflow, registry);
        if (errors.empty()) return std::move(loaded.workflow);
    }
    for (const auto& d : loaded.diagnostics) errors.push_back(d.str());
    for (const auto& e : errors) std::cerr << e << "\n";
    std::cerr << "photobridge: " << file << ": " << errors.size() << (errors.size() == 1 ? " error" : " errors")
              << "; nothing was run\n";
    return std::nullopt;
}

int run_loaded_workflow(const model::Workflow& workflow, const host::PluginRegistry& registry,
                        const WorkflowRunRequest& request) {
    std::unique_ptr<state::StateStore> store;
    try {
        // A dry run writes nothing: it reads a store that is there, and
        // creates none.
        if (request.dry_run) store = state::open_existing_state_backend(request.state_path);
        else store = state::open_state_backend(request.state_path);
    } catch (const std::exception& e) {
        std::cerr << "photobridge: error: state: " << e.what() << "\n";
        return kExitFailure;
    }

    const bool own_signals = !request.stop;
    auto stop = own_signals ? std::make_shared<host::CancellationToken>() : request.stop;
    auto abort = own_signals || !request.abort ? std::make_shared<host::CancellationToken>() : request.abort;
    engine::RunOptions options;
    options.dry_run = request.dry_run;
    options.json = request.json;
    options.out = request.out;
    options.wait_for_lock = request.wait;
    ProgressReporter progress(ProgressReporter::for_stderr(), std::cerr, workflow.name);
    options.observer = &progress;
    options.stop = stop;
    options.abort = abort;

    engine::RunSummary summary;
    try {
        std::optional<host::SignalScope> signals;
        if (own_signals) signals.emplace(stop, abort);
        summary = engine::run_workflow(workflow, registry, store.get(), options);
    } catch (const state::WorkflowBusy& e) {
        std::cerr << "photobridge: error: " << e.what() << "\n";
        return kExitFailure;
    } catch (const host::InvokeError& e) {
        std::cerr << "photobridge: error: " << workflow.name << ": " << sdk::status_name(e.code()) << ": " << e.what()
                  << "\n";
        return e.code() == PB_ERR_INVALID_ARGUMENT ? kExitUsage : kExitFailure;
    }
    if (request.json)
        *request.out << common::pretty_json(summary.to_json());
    else
        *request.out << summary.to_text();
    request.out->flush();
    return summary.exit_code;
}

}  // namespace photobridge::cli
