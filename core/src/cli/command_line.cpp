#include "cli/command_line.hpp"

#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "host/logger.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>
#include <memory>
#include <string>

#ifndef PHOTOBRIDGE_VERSION
#define PHOTOBRIDGE_VERSION "0.0.0"
#endif

namespace photobridge::cli {
namespace {

// Set by the callback of the subcommand that was parsed; called after
// parsing. Each registration keeps its options alive in the runner.
using CommandRunner = std::function<int()>;

// Registers `name` with `setup` filling `options`; the parsed subcommand's
// runner calls `body(globals, options)`.
template <typename Options, typename Setup>
CLI::App* add_command(CLI::App& app, const GlobalOptions& globals, CommandRunner& run, const char* name,
                      const std::string& description, int (*body)(const GlobalOptions&, const Options&), Setup&& setup) {
    auto options = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand(name, description);
    setup(*cmd, *options);
    cmd->callback([&globals, &run, options, body] { run = [&globals, options, body] { return body(globals, *options); }; });
    return cmd;
}

void add_state_path(CLI::App& cmd, std::string& path) {
    cmd.add_option("--state", path,
                   "State store: a SQLite file, or a PostgreSQL URI postgresql://USER@HOST:PORT/DB (default " +
                       std::string(kDefaultStatePath) + ")")
        ->type_name("PATH|URI")
        ->envname("PHOTOBRIDGE_STATE");
}

// What `state dead-letters` and `state events` both take: WORKFLOW (the
// file for --retry), --json, --id ID... naming `what`, and --state.
void add_state_selection(CLI::App& cmd, StateOptions& o, const std::string& what) {
    cmd.add_option("WORKFLOW", o.workflow, "Workflow name or workflow file (--retry needs the file)")->required();
    cmd.add_flag("--json", o.json, "Print as JSON");
    cmd.add_option("--id", o.ids, "Only this " + what + " (repeatable)")->type_name("ID");
    add_state_path(cmd, o.state_path);
}

void add_plugin_dirs(CLI::App& cmd, std::vector<std::string>& dirs) {
    cmd.add_option("--plugin-dir", dirs, "Extra plugin directory, searched first (repeatable)")->type_name("DIR");
}

// --isolation process|in-process: where the plugins of connections that do
// not set `isolation` run (run, serve), or where the one plugin runs (call,
// test-read).
enum class IsolationOf { connections, the_plugin };
void add_isolation(CLI::App& cmd, std::string& isolation, IsolationOf of = IsolationOf::connections) {
    cmd.add_option("--isolation", isolation,
                   of == IsolationOf::connections
                       ? "Where plugins run for connections without an `isolation` key: in-process (default) or "
                         "process (a photobridge-plugin-host child each; a plugin crash fails its calls, never "
                         "photobridge)"
                       : "Where the plugin runs: in-process (default) or process (a photobridge-plugin-host child, "
                         "as a workflow's `isolation = \"process\"` runs it; a plugin crash fails the call, never "
                         "photobridge)")
        ->check(CLI::IsMember({"process", "in-process"}))
        ->type_name("MODE");
}

// --config FILE and --set key=value (cli/command_inputs.hpp reads them).
void add_connection_config(CLI::App& cmd, std::string& config_file, std::vector<std::string>& sets) {
    cmd.add_option("--config", config_file, "Plugin config: a JSON object or a TOML table file");
    cmd.add_option("--set", sets, "Config key=value (repeatable; typed by the manifest)");
}

void register_plugins(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
    add_command<PluginsOptions>(
        app, globals, run, "plugins", "List the plugins found on the plugin search path", &run_plugins_command,
        [](CLI::App& cmd, PluginsOptions& o) {
            cmd.add_flag("--json", o.json, "Print the list as JSON");
            add_plugin_dirs(cmd, o.plugin_dirs);
            auto* inspect = cmd.add_subcommand("inspect", "Show one plugin's manifest: config, streams, operations, errors");
            inspect->add_option("ID", o.inspect_id, "Plugin id, e.g. files")->required();
            add_plugin_dirs(*inspect, o.plugin_dirs);
            inspect->callback([&o] { o.inspect = true; });
        });
}

void register_call(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
    add_command<CallOptions>(
        app, globals, run, "call", "Invoke one operation, or read one page of a stream, and print the JSON result",
        &run_call_command, [](CLI::App& cmd, CallOptions& o) {
            cmd.add_option("PLUGIN", o.plugin, "Plugin id")->required();
            cmd.add_option("OPERATION", o.operation, "Operation or stream name")->required();
            add_connection_config(cmd, o.config_file, o.sets);
            cmd.add_option("--input", o.input, "Request JSON object (a stream takes {\"params\":{...},\"cursor\":...})");
            cmd.add_option("--in-file", o.in_file, "Input bytes, e.g. a photo to upload");
            cmd.add_option("--out", o.out_file, "Where to write output bytes, e.g. a download");
            add_isolation(cmd, o.isolation, IsolationOf::the_plugin);
            add_plugin_dirs(cmd, o.plugin_dirs);
        });
}

void register_test_read(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
    add_command<TestReadOptions>(
        app, globals, run, "test-read",
        "Read a stream page by page as a run would and show each page: the requests sent (credentials masked), "
        "their statuses, the record count, the first record as mapped and the next cursor. Stops at the end, after "
        "--pages, or where the next page would not advance (exit 1)",
        &run_test_read_command, [](CLI::App& cmd, TestReadOptions& o) {
            cmd.add_option("PLUGIN", o.plugin, "Plugin id")->required();
            cmd.add_option("STREAM", o.stream, "Stream name (see `photobridge plugins inspect PLUGIN`)")->required();
            add_connection_config(cmd, o.config_file, o.sets);
            cmd.add_option("--params", o.params, "The stream's params, a JSON object (default {})")->type_name("JSON");
            cmd.add_option("--cursor", o.cursor, "Start from this cursor (default: the start)");
            cmd.add_option("--page-size", o.page_size, "Records per page (default: the plugin's)")
                ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000}));
            cmd.add_option("--pages", o.pages, "Read at most N pages (default 5)")
                ->type_name("N")
                ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000}));
            cmd.add_flag("--raw", o.raw, "Show the first record's raw provider JSON too");
            cmd.add_flag("--json", o.json, "One JSON object per page, then one for the end");
            add_isolation(cmd, o.isolation, IsolationOf::the_plugin);
            add_plugin_dirs(cmd, o.plugin_dirs);
        });
}

void register_validate(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
    add_command<ValidateOptions>(
        app, globals, run, "validate",
        "Check workflow files: syntax, keys, plugins, streams, operations, parameters, templates, ${env:...} "
        "references and step links. Runs nothing and writes nothing; exit 2 when any file has an error",
        &run_validate_command, [](CLI::App& cmd, ValidateOptions& o) {
            cmd.add_option("FILE", o.files, "Workflow files (TOML)")->required()->type_name("FILE");
        });
}

void register_state(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
    add_command<StateOptions>(
        app, globals, run, "state",
        "Inspect or clear what workflows remember: checkpoints, ledger, dead letters, run history (sdk-docs/state.md)",
        &run_state_command, [](CLI::App& state, StateOptions& o) {
            state.require_subcommand(1);
            using Action = StateOptions::Action;

            auto* show = state.add_subcommand("show", "Show the state of every workflow, or of one");
            show->add_option("WORKFLOW", o.workflow, "Workflow name or workflow file (default: every workflow)");
            show->add_flag("--json", o.json, "Print as JSON");
            show->add_option("--runs", o.runs, "How many recent runs to show per workflow (default 5)")
                ->check(CLI::Range(1, 1000000));
            add_state_path(*show, o.state_path);
            show->callback([&o] { o.action = Action::show; });

            auto* reset = state.add_subcommand("reset", "Forget a workflow's checkpoints, ledger, dead letters and runs "
                                                        "(the next run starts from scratch and writes everything again)");
            reset->add_option("WORKFLOW", o.workflow, "Workflow name or workflow file")->required();
            reset->add_flag("--yes,-y", o.yes, "Do not ask for confirmation");
            add_state_path(*reset, o.state_path);
            reset->callback([&o] { o.action = Action::reset; });

            auto* letters = state.add_subcommand("dead-letters", "List, remove or retry the records a workflow could "
                                                                 "not sync");
            add_state_selection(*letters, o, "dead letter");
            auto* remove = letters->add_flag("--remove", o.remove,
                                             "Remove the selected dead letters (all of them needs --yes)");
            auto* retry = letters->add_flag("--retry", o.retry, "Send the selected dead letters through the workflow again");
            remove->excludes(retry);
            letters->add_flag("--wait", o.wait, "With --retry: wait for a run of the workflow under way to end "
                                                "(default: refuse, exit 1)")
                ->needs(retry);
            letters->add_flag("--yes,-y", o.yes, "Do not ask for confirmation");
            letters->callback([&o] { o.action = Action::dead_letters; });

            auto* events = state.add_subcommand("events", "List the webhook events serve accepted that are pending or "
                                                          "failed, or run the failed ones again");
            add_state_selection(*events, o, "event");
            events->add_flag("--failed", o.failed_only, "Only the failed events");
            events->add_flag("--retry", o.retry,
                             "Put the selected failed events back to pending and process them now, as serve does");
            events->callback([&o] { o.action = Action::events; });

            auto* jobs = state.add_subcommand("jobs", "List the jobs a workflow has in flight at its providers: "
                                                      "creating steps not yet confirmed and parked waits, with the "
                                                      "provider's id, its last status and the next check");
            jobs->add_option("WORKFLOW", o.workflow, "Workflow name or workflow file")->required();
            jobs->add_flag("--json", o.json, "Print as JSON");
            add_state_path(*jobs, o.state_path);
            jobs->callback([&o] { o.action = Action::jobs; });
        });
}

void register_run(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
    add_command<RunCommandOptions>(
        app, globals, run, "run",
        "Run a workflow: read the source, run the steps, write the sinks, exactly once in effect.\n"
        "Progress on stderr (a live line on a terminal), the summary on stdout. Ctrl-C stops cleanly "
        "(checkpointed, exit 130); a second Ctrl-C cuts in-flight requests off.",
        &run_run_command, [](CLI::App& cmd, RunCommandOptions& o) {
            cmd.add_option("WORKFLOW", o.file, "Workflow file (TOML; see sdk-docs/workflows.md)")->required();
            add_state_path(cmd, o.state_path);
            cmd.add_flag("--dry-run", o.dry_run,
                         "Print the writes the run would make and what the ledger would skip; write nothing (no sink "
                         "call, no state: not even a checkpoint or a run record)");
            cmd.add_flag("--json", o.json,
                         "Print the summary as one JSON object (with --dry-run: one JSON line per planned action, then "
                         "the summary)");
            cmd.add_flag("--wait", o.wait,
                         "When another run of this workflow holds its lock on this state, wait for it to end "
                         "(default: refuse, exit 1)");
            add_isolation(cmd, o.isolation);
            add_plugin_dirs(cmd, o.plugin_dirs);
        });
}

void register_demo(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
    add_command<DemoOptions>(
        app, globals, run, "demo",
        "The offline tour: start the mock server with synthesized data, run the example workflows against it, show "
        "where the files went",
        &run_demo_command, [](CLI::App& cmd, DemoOptions& o) {
            cmd.add_option("--records", o.records, "Synthesized records per provider collection (default 100)")
                ->check(CLI::Range(1, 1000000));
            cmd.add_option("--output", o.output, "Where files and the demo's state go (default ./photobridge-demo-output)")
                ->type_name("DIR");
            cmd.add_option("--examples", o.examples, "Folder of example workflows (default: examples/workflows)")
                ->type_name("DIR");
            cmd.add_option("--only", o.only, "Run only this example (file name or stem; repeatable)")->type_name("NAME");
        });
}

void register_new_plugin(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
    add_command<NewPluginOptions>(
        app, globals, run, "new-plugin",
        "Write a ready plugin folder: CMakeLists.txt (find_package(photobridge)), manifest.json, a plugin with one "
        "stream and one operation, fixtures for the mock and a contract test (sdk-docs/writing-a-plugin.md). "
        "Refuses an invalid ID or a folder that is not empty (exit 2)",
        &run_new_plugin_command, [](CLI::App& cmd, NewPluginOptions& o) {
            cmd.add_option("ID", o.id, "Plugin id: 1 to 64 characters of a-z, 0-9 and _")->required();
            cmd.add_option("--dir", o.dir, "Folder to write (new or empty; default ./ID)")->type_name("DIR");
            cmd.add_flag("--declarative", o.declarative,
                         "Write a provider file (ID.provider.toml, no C++), fixtures and a contract test script "
                         "instead (sdk-docs/declarative-providers.md)");
        });
}

void register_serve(CLI::App& app, const GlobalOptions& globals, CommandRunner& run) {
    add_command<ServeCommandOptions>(
        app, globals, run, "serve",
        "Serve the workflows in DIR: webhooks at POST /hooks/<workflow name>, schedules (`every`), GET /healthz "
        "and GET /metrics. The first stdout line is \"listening on http://HOST:PORT\". Ctrl-C or SIGTERM stops "
        "cleanly (exit 0; work under way is checkpointed, accepted webhooks run at the next start).",
        &run_serve_command, [](CLI::App& cmd, ServeCommandOptions& o) {
            cmd.add_option("DIR", o.dir, "Folder of workflow files (*.toml; see sdk-docs/serve.md)")->required();
            cmd.add_option("--listen", o.listen, "Address to listen on, HOST:PORT (default 127.0.0.1:8080; port 0: any)")
                ->type_name("HOST:PORT");
            cmd.add_option("--admin-listen", o.admin_listen,
                           "Serve /healthz and /metrics on their own address, HOST:PORT (then /metrics is not on --listen)")
                ->type_name("HOST:PORT");
            cmd.add_option("--max-connections", o.max_connections,
                           "Open connections at most, all peers; past it 503 with Retry-After (default 4096)")
                ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
            cmd.add_option("--max-connections-per-peer", o.max_connections_per_peer,
                           "Open connections at most from one IP address (default 512; raise it behind a reverse proxy)")
                ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
            cmd.add_option("--claim-seconds", o.claim_seconds,
                           "With several serve processes on one state: how long this one's claim on a webhook event "
                           "stands without renewal before another may take the event over (default 30)")
                ->check(CLI::Range(1, 86400));
            add_state_path(cmd, o.state_path);
            add_isolation(cmd, o.isolation);
            add_plugin_dirs(cmd, o.plugin_dirs);
        });
}

}  // namespace

int run_command_line(int argc, char** argv) {
    CLI::App app{"photobridge: moves photos and people between photo services through provider plugins.\n" +
                 std::string(kExitCodeHelp)};
    app.set_version_flag("--version", std::string("photobridge ") + PHOTOBRIDGE_VERSION);
    app.require_subcommand(1);
    app.footer(kExitCodeHelp);

    GlobalOptions globals;
    add_plugin_dirs(app, globals.plugin_dirs);
    app.add_flag("-v,--verbose", globals.verbose, "Debug log lines on stderr");

    CommandRunner run;
    register_plugins(app, globals, run);
    register_call(app, globals, run);
    register_test_read(app, globals, run);
    register_validate(app, globals, run);
    register_state(app, globals, run);
    register_run(app, globals, run);
    register_demo(app, globals, run);
    register_serve(app, globals, run);
    register_new_plugin(app, globals, run);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? kExitOk : kExitUsage;
    }
    if (globals.verbose) host::set_log_threshold(host::LogLevel::debug);
    if (!run) return kExitUsage;
    try {
        return run();
    } catch (const std::exception& e) {
        std::cerr << "photobridge: error: " << e.what() << "\n";
        return kExitFailure;
    }
}

}  // namespace photobridge::cli
