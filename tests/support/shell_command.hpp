// Running a command line through /bin/sh in a test, for the photobridge CLI
// tests: the caller adds redirections (2>&1, 2>/dev/null) to the line.
#pragma once

#include <string>
#include <string_view>

namespace photobridge::testing {

struct CommandResult {
    int exit_code = -1;  // -1 when the command did not exit normally
    std::string out;     // its stdout
};

// popen(command_line) and read stdout to the end; throws std::runtime_error
// when no shell can be started.
CommandResult run_shell(const std::string& command_line);

// `program ARGS` through /bin/sh: `program` is quoted here, `args` is shell
// text whose words the caller quotes (shell_quoted), and `stderr_to`
// ("2>/dev/null", "2>&1", or empty to inherit stderr) is appended.
CommandResult run_program(const std::string& program, const std::string& args, std::string_view stderr_to = {});

// `text` as one single-quoted sh word.
std::string shell_quoted(std::string_view text);

}  // namespace photobridge::testing
