// `photobridge call --isolation process`: the one plugin runs in a
// photobridge-plugin-host child, as a workflow's `isolation = "process"`
// runs it, so a crash in it is the call's error (exit 1), never
// photobridge's. (test-read --isolation: tests/plugin_cloudcard.)
#include <doctest/doctest.h>

#include "support/shell_command.hpp"

#include <boost/json.hpp>

#include <string>

namespace {

using photobridge::testing::CommandResult;
using photobridge::testing::run_program;
using photobridge::testing::run_shell;
using photobridge::testing::shell_quoted;

const std::string kFixtures = "--plugin-dir " + shell_quoted(PHOTOBRIDGE_ISOLATION_FIXTURE_DIR);

// photobridge's own process id and the id of the process the plugin's
// `echo` ran in. The shell `exec`s photobridge, which keeps the shell's id.
std::pair<long long, long long> photobridge_and_plugin_pids(const std::string& isolation) {
    const CommandResult r = run_shell("echo $$; exec " + shell_quoted(PHOTOBRIDGE_CLI) + " call crashing echo " +
                                      kFixtures + " --input '{\"a\":1}' --isolation " + isolation);
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    const auto newline = r.out.find('\n');
    REQUIRE(newline != std::string::npos);
    const boost::json::value answer = boost::json::parse(r.out.substr(newline + 1));
    CHECK(answer.at("echo").at("a").as_int64() == 1);
    return {std::stoll(r.out.substr(0, newline)), answer.at("pid").as_int64()};
}

}  // namespace

TEST_CASE("isolated cli: call --isolation process runs the plugin in a child process, in-process in photobridge's") {
    const auto [photobridge_pid, child_pid] = photobridge_and_plugin_pids("process");
    CHECK(child_pid != photobridge_pid);
    const auto [photobridge_pid_2, plugin_pid] = photobridge_and_plugin_pids("in-process");
    CHECK(plugin_pid == photobridge_pid_2);
}

TEST_CASE("isolated cli: a plugin that crashes under call --isolation process is exit 1 naming SIGSEGV") {
    const CommandResult r = run_program(PHOTOBRIDGE_CLI,
                                        "call crashing write " + kFixtures +
                                            " --set crash_on_call=1 --input '{\"id\":\"a\"}' --isolation process",
                                        "2>&1");
    INFO(r.out);
    CHECK(r.exit_code == 1);  // photobridge exited by itself, with the failure code
    CHECK(r.out.find("SIGSEGV") != std::string::npos);
}

TEST_CASE("isolated cli: --isolation takes process or in-process only") {
    const CommandResult r = run_program(PHOTOBRIDGE_CLI, "call crashing echo " + kFixtures + " --isolation elsewhere",
                                        "2>&1");
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("--isolation") != std::string::npos);
}
