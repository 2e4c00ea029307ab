// `photobridge run WORKFLOW.toml [--state PATH] [--dry-run] [--json]
// [--plugin-dir DIR]`: validates the workflow, then runs it with the state
// store, progress on stderr and the summary on stdout.
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/plugin_loading.hpp"
#include "cli/workflow_running.hpp"

#include <iostream>
#include <memory>

namespace photobridge::cli {
namespace {

int run_run(const GlobalOptions& globals, const RunCommandOptions& o) {
    const GlobalOptions merged = with_plugin_dirs(globals, o.plugin_dirs);
    const host::PluginRegistry registry = load_registry(merged);
    auto workflow = load_workflow_or_report(o.file, registry);
    if (!workflow) return kExitUsage;
    model::default_isolation(*workflow, o.isolation == "process" ? model::Isolation::process
                                                                 : model::Isolation::in_process);

    WorkflowRunRequest request;
    request.state_path = o.state_path;
    request.dry_run = o.dry_run;
    request.json = o.json;
    request.wait = o.wait;
    return run_loaded_workflow(*workflow, registry, request);
}

}  // namespace

int run_run_command(const GlobalOptions& globals, const RunCommandOptions& options) { return run_run(globals, options); }

}  // namespace photobridge::cli
