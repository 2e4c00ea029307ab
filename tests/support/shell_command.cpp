#include "support/shell_command.hpp"

#include <array>
#include <cstdio>
#include <stdexcept>

#include <sys/wait.h>

namespace photobridge::testing {

CommandResult run_shell(const std::string& command_line) {
    CommandResult r;
    FILE* pipe = ::popen(command_line.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("popen failed for: " + command_line);
    std::array<char, 4096> buffer{};
    while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) r.out.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

CommandResult run_program(const std::string& program, const std::string& args, std::string_view stderr_to) {
    std::string line = shell_quoted(program);
    line += ' ';
    line += args;
    if (!stderr_to.empty()) {
        line += ' ';
        line += stderr_to;
    }
    return run_shell(line);
}

std::string shell_quoted(std::string_view text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace photobridge::testing
