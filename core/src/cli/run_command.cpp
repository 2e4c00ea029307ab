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

struct RunCommandOptions {
    std::string file;
    std::string state_path = kDefaultStatePath;
    bool dry_run = false;
    bool json = false;
    std::vector<std::string> plugin_dirs;
};

int run_run(const GlobalOptions& globals, const RunCommandOptions& o) {
    GlobalOptions merged = globals;
    merged.plugin_dirs.insert(merged.plugin_dirs.begin(), o.plugin_dirs.begin(), o.plugin_dirs.end());
    const host::PluginRegistry registry = load_registry(merged);
    auto workflow = load_workflow_or_report(o.file, registry);
    if (!workflow) return kExitUsage;

    WorkflowRunRequest request;
    request.state_path = o.state_path;
    request.dry_run = o.dry_run;
    request.json = o.json;
    return run_loaded_workflow(*workflow, registry, request);
}

}  // namespace

void register_run_command(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
    auto options = std::make_shared<RunCommandOptions>();
    auto* cmd = app.add_subcommand(
        "run",
        "Run a workflow: read the source, run the steps, write the sinks, exactly once in effect.\n"
        "Progress on stderr (a live line on a terminal), the summary on stdout. Ctrl-C stops cleanly "
        "(checkpointed, exit 130); a second Ctrl-C cuts in-flight requests off.");
    cmd->add_option("WORKFLOW", options->file, "Workflow file (TOML; see sdk-docs/workflows.md)")->required();
    cmd->add_option("--state", options->state_path, "State database (default " + std::string(kDefaultStatePath) + ")")
        ->type_name("PATH");
    cmd->add_flag("--dry-run", options->dry_run,
                  "Print the writes the run would make and what the ledger would skip; write nothing (no sink call, "
                  "no state: not even a checkpoint or a run record)");
    cmd->add_flag("--json", options->json,
                  "Print the summary as one JSON object (with --dry-run: one JSON line per planned action, then the summary)");
    cmd->add_option("--plugin-dir", options->plugin_dirs, "Extra plugin directory, searched first (repeatable)")
        ->type_name("DIR");
    cmd->callback([&globals, &run, options] { run = [&globals, options] { return run_run(globals, *options); }; });
}

}  // namespace photobridge::cli
