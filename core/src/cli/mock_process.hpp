// The photobridge-mock program as a child of `photobridge demo`: found next
// to this program's executable (build tree: build/bin/, an install: P/bin/),
// started on a free port, stopped when the MockProcess goes away.
//
// Ownership: a MockProcess owns the child and the read end of its stdout
// pipe. The destructor stops the child (SIGTERM, waitpid; SIGKILL when it
// has not exited after the grace period), so every way out of the demo (an
// error, an exception, Ctrl-C after a checkpoint) reaps it. The child runs
// in its own process group, so a terminal's Ctrl-C reaches photobridge
// only, and asks for SIGTERM should photobridge die first (PR_SET_PDEATHSIG).
// Thread contract: one controlling thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace photobridge::cli {

class MockProcess {
public:
    // `program` is the photobridge-mock executable; `args` its arguments
    // (without argv[0]). Starts it and waits up to `startup_timeout` for its
    // first stdout line, "listening on http://HOST:PORT". Throws
    // std::runtime_error (with the reason) when it cannot be started, exits
    // first, or prints something else; the child is reaped before throwing.
    MockProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
                std::chrono::milliseconds startup_timeout = std::chrono::seconds(120));
    ~MockProcess();
    MockProcess(const MockProcess&) = delete;
    MockProcess& operator=(const MockProcess&) = delete;

    // "http://HOST:PORT", as the mock printed it.
    const std::string& base_url() const { return base_url_; }

    // SIGTERM, then waits up to `grace` for the exit, then SIGKILL. Returns
    // the child's wait status; idempotent (later calls return 0).
    int stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

private:
    pid_t pid_ = -1;
    int stdout_fd_ = -1;
    std::string base_url_;
};

// The photobridge-mock program next to the running executable
// (/proc/self/exe's directory). The path is returned whether or not the file
// exists; the caller checks.
std::filesystem::path mock_program_next_to_self();

}  // namespace photobridge::cli
