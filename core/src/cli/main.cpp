// The photobridge program: parses the command line and runs one subcommand
// (cli/command_line.hpp).
#include "cli/command_line.hpp"
#include "common/malloc_arenas.hpp"

int main(int argc, char** argv) {
    photobridge::common::bound_malloc_arenas();
    return photobridge::cli::run_command_line(argc, argv);
}
