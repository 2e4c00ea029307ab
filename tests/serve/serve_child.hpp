// The real `photobridge serve` program as a child process of a test, with
// its stdout and stderr in files, and what it prints read back.
//
// Thread contract: a ServeChild is used on the test's thread.
#pragma once

#include "serve_support.hpp"

#include <sys/types.h>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

namespace serve_test {

class Child {
public:
    // Spawns PHOTOBRIDGE_CLI_PATH with `args`; stdout to `out`, stderr to `err`.
    Child(std::vector<std::string> args, const fs::path& out, const fs::path& err);
    ~Child();  // SIGKILL and reap when still running
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    void signal(int sig) const;
    // The exit code (128 + signal when killed), or -1 when it has not
    // exited within `timeout`.
    int wait(std::chrono::milliseconds timeout);
    pid_t pid() const noexcept { return pid_; }

private:
    pid_t pid_ = -1;
    bool reaped_ = false;
};

// The first group of `line` in what a serve child printed to `out`; fails
// the test when it does not come within 15 s.
std::string printed(const fs::path& out, const std::regex& line);

// The base URL of the "listening on" line, the first one.
std::string listening_url(const fs::path& out);

}  // namespace serve_test
