// How a subcommand plugs into the program: it registers its options on a
// CLI11 subcommand and sets `run` to the function main() calls when that
// subcommand was chosen.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace photobridge::cli {

// Options every subcommand shares.
struct GlobalOptions {
    std::vector<std::string> plugin_dirs;  // --plugin-dir, searched first
    bool verbose = false;
};

using CommandRunner = std::function<int()>;

// Each registers one subcommand (and its children) on `app`; the returned
// runner is called by main() when that subcommand was parsed.
void register_plugins_command(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void register_call_command(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void register_validate_command(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void register_state_command(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void register_run_command(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void register_demo_command(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);
void register_serve_command(CLI::App& app, const GlobalOptions& globals, CommandRunner& run);

}  // namespace photobridge::cli
