// What each subcommand takes and the function that runs it: the contract
// between the command line (command_line.cpp, the only file of the program
// that includes CLI11, whose header is costly to compile) and the command
// bodies (*_command.cpp). Every run_*_command prints its own output and
// errors and returns an exit code (exit_codes.hpp). Main thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace photobridge::cli {

inline constexpr const char* kDefaultStatePath = ".photobridge/state.db";

// Options every subcommand shares.
struct GlobalOptions {
    std::vector<std::string> plugin_dirs;  // --plugin-dir, searched first
    bool verbose = false;
};

// `photobridge plugins [--json]`, `photobridge plugins inspect ID`.
struct PluginsOptions {
    bool json = false;
    bool inspect = false;    // the inspect subcommand was given
    std::string inspect_id;  // its ID
    std::vector<std::string> plugin_dirs;  // --plugin-dir after the subcommand
};
int run_plugins_command(const GlobalOptions& globals, const PluginsOptions& options);

// `photobridge call PLUGIN OPERATION`.
struct CallOptions {
    std::string plugin;
    std::string operation;
    std::string config_file;
    std::vector<std::string> sets;
    std::string input = "{}";
    std::string in_file;
    std::string out_file;
    std::string isolation = "in-process";  // --isolation: "process" runs the plugin in a plugin-host child
    std::vector<std::string> plugin_dirs;  // --plugin-dir after the subcommand
};
int run_call_command(const GlobalOptions& globals, const CallOptions& options);

// `photobridge test-read PLUGIN STREAM`.
struct TestReadOptions {
    std::string plugin;
    std::string stream;
    std::string config_file;
    std::vector<std::string> sets;
    std::string params = "{}";   // the stream's params, a JSON object
    std::string cursor;          // "" : from the start
    std::int64_t page_size = 0;  // 0 : the plugin's default
    std::int64_t pages = 5;      // at most this many pages
    bool raw = false;            // show the first record's "raw" too
    bool json = false;           // one JSON line per page, then a summary line
    std::string isolation = "in-process";  // --isolation: "process" runs the plugin in a plugin-host child
    std::vector<std::string> plugin_dirs;  // --plugin-dir after the subcommand
};
int run_test_read_command(const GlobalOptions& globals, const TestReadOptions& options);

// `photobridge validate FILE...`.
struct ValidateOptions {
    std::vector<std::string> files;
};
int run_validate_command(const GlobalOptions& globals, const ValidateOptions& options);

// `photobridge state show|reset|dead-letters|events`.
struct StateOptions {
    enum class Action { show, reset, dead_letters, events, jobs };
    Action action = Action::show;
    std::string state_path = kDefaultStatePath;
    std::string workflow;  // name or file, as typed
    bool json = false;
    bool yes = false;
    int runs = 5;
    std::vector<std::int64_t> ids;
    bool remove = false;
    bool retry = false;
    bool wait = false;         // dead-letters --retry --wait
    bool failed_only = false;  // events --failed
};
int run_state_command(const GlobalOptions& globals, const StateOptions& options);

// `photobridge run WORKFLOW.toml`.
struct RunCommandOptions {
    std::string file;
    std::string state_path = kDefaultStatePath;
    bool dry_run = false;
    bool json = false;
    bool wait = false;
    std::string isolation = "in-process";  // --isolation: "process" or "in-process", for connections that do not say
    std::vector<std::string> plugin_dirs;
};
int run_run_command(const GlobalOptions& globals, const RunCommandOptions& options);

// `photobridge new-plugin ID [--dir DIR]`.
struct NewPluginOptions {
    std::string id;
    std::string dir;  // empty: ./ID
    bool declarative = false;  // a provider file instead of a C++ plugin
};
int run_new_plugin_command(const GlobalOptions& globals, const NewPluginOptions& options);

// `photobridge demo`.
struct DemoOptions {
    std::size_t records = 100;
    std::string output = "photobridge-demo-output";
    std::string examples;           // "" : search
    std::vector<std::string> only;  // workflow file names or names to run
};
int run_demo_command(const GlobalOptions& globals, const DemoOptions& options);

// `photobridge serve DIR`.
struct ServeCommandOptions {
    std::string dir;
    std::string listen = "127.0.0.1:8080";
    std::string admin_listen;              // empty: /healthz and /metrics on --listen
    std::size_t max_connections = 4096;
    std::size_t max_connections_per_peer = 512;
    int claim_seconds = 30;                // a webhook event claim's lease (several hosts on one state)
    std::string state_path = kDefaultStatePath;
    std::string isolation = "in-process";  // --isolation, as for run
    std::vector<std::string> plugin_dirs;
};
int run_serve_command(const GlobalOptions& globals, const ServeCommandOptions& options);

}  // namespace photobridge::cli
