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

std::string shell_quoted(std::string_view text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace photobridge::testing
