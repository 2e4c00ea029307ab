// The photobridge program: parses the command line and runs one subcommand.
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "host/logger.hpp"

#include <iostream>

#ifndef PHOTOBRIDGE_VERSION
#define PHOTOBRIDGE_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
    using namespace photobridge::cli;
    CLI::App app{"photobridge: moves photos and people between photo services through provider plugins.\n" +
                 std::string(kExitCodeHelp)};
    app.set_version_flag("--version", std::string("photobridge ") + PHOTOBRIDGE_VERSION);
    app.require_subcommand(1);
    app.footer(kExitCodeHelp);

    GlobalOptions globals;
    app.add_option("--plugin-dir", globals.plugin_dirs, "Extra plugin directory, searched first (repeatable)")
        ->type_name("DIR");
    app.add_flag("-v,--verbose", globals.verbose, "Debug log lines on stderr");

    CommandRunner run;
    register_plugins_command(app, globals, run);
    register_call_command(app, globals, run);
    // Workflow commands register here, one line each (validate, run, state, demo).
    register_validate_command(app, globals, run);
    register_state_command(app, globals, run);
    register_run_command(app, globals, run);
    register_demo_command(app, globals, run);
    register_serve_command(app, globals, run);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? kExitOk : kExitUsage;
    }
    if (globals.verbose) photobridge::host::set_log_threshold(photobridge::host::LogLevel::debug);
    if (!run) return kExitUsage;
    try {
        return run();
    } catch (const std::exception& e) {
        std::cerr << "photobridge: error: " << e.what() << "\n";
        return kExitFailure;
    }
}
