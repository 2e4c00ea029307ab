// Starting, watching and reaping photobridge-plugin-host children: the
// operating-system side of process isolation (the calls they serve are in
// isolated_instance.hpp).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace photobridge::host {

// The child's exit status when the plugin's memory ran out (operator new
// failed under its RLIMIT_AS): the parent reports it as such.
inline constexpr int kPluginHostOutOfMemoryExit = 87;

// The socket end the child finds its parent on.
inline constexpr int kPluginHostSocketFd = 3;

// Where photobridge-plugin-host is: $PHOTOBRIDGE_PLUGIN_HOST when set; else
// next to the running executable (/proc/self/exe) when it is there (the
// installed layout, and build/bin/ for the photobridge program); else the
// build's own copy. Empty when none exists.
std::filesystem::path plugin_host_program();

// A started child: its pid (reap it with wait_for_plugin_host) and the
// parent's end of the socketpair (owned by the caller, close-on-exec).
struct PluginHostChild {
    pid_t pid = -1;
    int fd = -1;
};

// Starts `program` with `arguments` (argv[1...]) and the other end of a new
// socketpair as fd kPluginHostSocketFd; every other inherited descriptor
// beyond stderr is closed. The child gets RLIMIT_AS = memory_limit_mb MB
// (0: unlimited) and PR_SET_PDEATHSIG SIGKILL; it exits at once when its
// parent is already gone. The fork happens on one long-lived thread of the
// process (PR_SET_PDEATHSIG fires when the forking *thread* ends), so
// children live as long as the process, whichever thread asks.
// Throws std::runtime_error (with the errno text) when it cannot start.
// [any-thread]
PluginHostChild start_plugin_host(const std::filesystem::path& program, const std::vector<std::string>& arguments,
                                  std::uint64_t memory_limit_mb);

// Blocks until `pid` has ended, without reaping it (waitid WNOWAIT), up to
// `grace`; returns false when it has not ended by then. [any-thread]
bool wait_for_end(pid_t pid, std::chrono::milliseconds grace);

// Reaps `pid` (waitpid) and describes how it ended: "killed by signal 11
// (SIGSEGV)", "exited with status 3", "ran out of memory (exit 87)".
std::string reap_plugin_host(pid_t pid);

// The words for a waitpid status.
std::string describe_wait_status(int status);

}  // namespace photobridge::host
