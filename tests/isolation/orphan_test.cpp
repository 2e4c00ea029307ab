// A child never outlives its parent: a `photobridge run` whose isolated
// sink hangs in a call is killed with SIGKILL (no cleanup of its own), and
// its photobridge-plugin-host child must end by itself within seconds
// (PR_SET_PDEATHSIG, or the end of its socket). This test process makes
// itself the orphans' subreaper, so the child, once orphaned, is its own to
// wait for: it ends, or the test fails.
#include <doctest/doctest.h>

#include "isolation/isolation_support.hpp"
#include "support/test_files.hpp"

#include <chrono>
#include <csignal>
#include <fstream>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& file, const std::string& text) {
    std::ofstream out(file);
    out << text;
}

pid_t start_photobridge(const std::vector<std::string>& arguments, const fs::path& log) {
    std::vector<std::string> argv_text{PHOTOBRIDGE_CLI};
    argv_text.insert(argv_text.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string log_path = log.string();
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            ::dup2(fd, 1);
            ::dup2(fd, 2);
        }
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

int read_pid(const fs::path& file) {
    std::ifstream in(file);
    int pid = 0;
    in >> pid;
    return pid;
}

// Waits for `pid` (a child of this process) to end, up to `limit`; returns
// its wait status, or -1 when it still runs.
int wait_status(pid_t pid, std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    for (;;) {
        int status = 0;
        const pid_t rc = ::waitpid(pid, &status, WNOHANG);
        if (rc == pid) return status;
        if (rc < 0) return -2;
        if (std::chrono::steady_clock::now() >= until) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace

TEST_CASE("orphans: after SIGKILL of photobridge run its plugin-host child ends too") {
    REQUIRE(::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
    photobridge::testing::TempDir dir;
    const fs::path pid_file = dir.path() / "plugin-host.pid";
    const fs::path workflow = dir.path() / "hang.toml";
    write_file(workflow, R"([workflow]
name = "orphan-check"

[connections.numbers]
plugin = "hello"
base_url = "http://127.0.0.1:1"
token = "unused"

[connections.stuck]
plugin = "hanging"
isolation = "process"
call_deadline_ms = 600000
crash_on_call = 1
pid_file = ")" + pid_file.string() + R"("

[source]
connection = "numbers"
stream = "numbers"
params = { count = 3 }

[[sinks]]
connection = "stuck"
action = "write"
params = { id = "{id}" }

[policy]
key = "{id}"
)");
    const pid_t run = start_photobridge({"run", workflow.string(), "--state", (dir.path() / "state.db").string(),
                                         "--plugin-dir", PHOTOBRIDGE_ISOLATION_FIXTURE_DIR},
                                        dir.path() / "run.log");
    // The child writes its pid when its instance is created.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!fs::exists(pid_file) && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!fs::exists(pid_file)) {
        ::kill(run, SIGKILL);
        wait_status(run, std::chrono::seconds(10));
        std::ifstream log(dir.path() / "run.log");
        FAIL("the plugin host never started; photobridge said: " << std::string(std::istreambuf_iterator<char>(log), {}));
    }
    const int host_pid = read_pid(pid_file);
    REQUIRE(host_pid > 0);
    // Let the run reach the hanging write.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    REQUIRE(isolation_test::process_runs(host_pid));

    REQUIRE(::kill(run, SIGKILL) == 0);
    const int run_status = wait_status(run, std::chrono::seconds(10));
    REQUIRE(run_status >= 0);
    CHECK(WIFSIGNALED(run_status));

    // Orphaned, the plugin host is now this process's child: it must end.
    const int host_status = wait_status(host_pid, std::chrono::seconds(10));
    CHECK_MESSAGE(host_status >= 0, "the plugin host (pid " << host_pid << ") outlived its parent");
    if (host_status < 0) ::kill(host_pid, SIGKILL);
    CHECK_FALSE(isolation_test::process_runs(host_pid));
}
