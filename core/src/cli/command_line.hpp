// The photobridge command line: every subcommand's options and flags, parsed
// with CLI11, then the chosen subcommand run (command.hpp).
#pragma once

namespace photobridge::cli {

// Parses argv and runs one subcommand. Returns the process exit code
// (exit_codes.hpp): a usage error is 2, --help and --version are 0, an
// exception that escapes the command is reported and gives 1.
int run_command_line(int argc, char** argv);

}  // namespace photobridge::cli
