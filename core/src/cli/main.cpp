// The photobridge program: parses the command line and runs one subcommand
// (cli/command_line.hpp).
#include "cli/command_line.hpp"

int main(int argc, char** argv) { return photobridge::cli::run_command_line(argc, argv); }
