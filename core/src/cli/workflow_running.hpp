// What `run` and `demo` share: loading a workflow with its diagnostics
// printed, and running it with the state store, signal handling, progress
// and the summary.
#pragma once

#include "cli/command.hpp"
#include "model/workflow.hpp"
#include "host/cancellation.hpp"
#include "host/plugin_registry.hpp"

#include <iostream>
#include <optional>
#include <string>

namespace photobridge::cli {

// Loads and validates `file`. On errors prints each as "FILE:LINE:COLUMN:
// message" on stderr (with a count) and returns nullopt (exit code 2).
std::optional<model::Workflow> load_workflow_or_report(const std::string& file, const host::PluginRegistry& registry);

struct WorkflowRunRequest {
    std::string state_path = kDefaultStatePath;
    bool dry_run = false;
    bool json = false;               // summary as JSON on stdout
    bool wait = false;               // wait for a run of the same workflow under way, instead of refusing
    std::ostream* out = &std::cout;  // summary and dry-run lines
    // Set by a caller that handles SIGINT/SIGTERM itself (one SignalScope
    // around several runs, as `demo` does) and owns these tokens; null: the
    // run installs its own SignalScope.
    host::CancellationTokenPtr stop;
    host::CancellationTokenPtr abort;
};

// Opens the store (a dry run never creates one), runs with SIGINT/SIGTERM
// handling and progress on stderr, prints the summary. Returns the exit
// code: 0 ok, 1 failed or some records dead-lettered, 130 interrupted.
int run_loaded_workflow(const model::Workflow& workflow, const host::PluginRegistry& registry,
                        const WorkflowRunRequest& request);

}  // namespace photobridge::cli
