// The photobridge program's commands and exit codes, run as a child process.
#include "support/shell_command.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

// `out` holds stdout and stderr together (2>&1).
photobridge::testing::CommandResult run(const std::string& args) {
    return photobridge::testing::run_shell(std::string(PHOTOBRIDGE_CLI) + " " + args + " 2>&1");
}

}  // namespace

TEST_CASE("--version and --help exit 0, --help documents the exit codes") {
    CHECK(run("--version").exit_code == 0);
    const auto help = run("--help");
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("2 usage or validation error") != std::string::npos);
}

TEST_CASE("usage errors exit 2") {
    CHECK(run("").exit_code == 2);
    CHECK(run("frobnicate").exit_code == 2);
    CHECK(run("call hello").exit_code == 2);
    const auto unknown = run("call nosuch greet");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.out.find("no plugin with id 'nosuch'") != std::string::npos);
    const auto bad_input = run("call hello greet --input '{\"nam\":1}'");
    CHECK(bad_input.exit_code == 2);
    CHECK(bad_input.out.find("input.name is required") != std::string::npos);
    CHECK(run("call hello greet --input 'not json'").exit_code == 2);
    CHECK(run("call hello greet --set timeout_ms=soon --input '{\"name\":\"x\"}'").exit_code == 2);
}

TEST_CASE("plugins lists, --json is JSON, inspect shows the manifest") {
    const auto list = run("plugins");
    CHECK(list.exit_code == 0);
    CHECK(list.out.find("hello") != std::string::npos);
    const auto json = run("plugins --json");
    CHECK(json.exit_code == 0);
    CHECK(json.out.find("\"operations\"") != std::string::npos);
    const auto inspect = run("plugins inspect hello");
    CHECK(inspect.exit_code == 0);
    CHECK(inspect.out.find("\"greet\"") != std::string::npos);
    CHECK(run("plugins inspect nosuch").exit_code == 2);
}

TEST_CASE("call prints the result, --set is typed by the manifest, a runtime failure exits 1") {
    const auto greet = run("call hello greet --set greeting=Howdy --input '{\"name\":\"Ada\",\"punctuation\":\".\"}'");
    CHECK(greet.exit_code == 0);
    CHECK(greet.out.find("Howdy, Ada.") != std::string::npos);
    // Port 1 on loopback refuses connections: a network failure, exit 1.
    const auto fetch = run("call hello fetch --set base_url=http://127.0.0.1:1 --set timeout_ms=2000 --input '{\"path\":\"/\"}'");
    CHECK(fetch.exit_code == 1);
    CHECK(fetch.out.find("NETWORK") != std::string::npos);
}

TEST_CASE("a --plugin-dir with broken plugins reports one line each and keeps working") {
    const auto r = run(std::string("--plugin-dir ") + PHOTOBRIDGE_FIXTURE_DIR + "/bad_magic plugins");
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("plugin refused:") != std::string::npos);
    CHECK(r.out.find("wrong magic") != std::string::npos);
    CHECK(r.out.find("hello") != std::string::npos);
}

TEST_CASE("plugins and plugins inspect take --plugin-dir after the subcommand too") {
    const std::string dir = std::string(PHOTOBRIDGE_FIXTURE_DIR) + "/extensions";
    const auto list = run("plugins --plugin-dir " + dir);
    CHECK(list.exit_code == 0);
    CHECK(list.out.find("extensions") != std::string::npos);
    const auto inspect = run("plugins inspect extensions --plugin-dir " + dir);
    CHECK(inspect.exit_code == 0);
    CHECK(inspect.out.find("photobridge.webhook-verifier/1") != std::string::npos);
    const auto missing = run("plugins inspect extensions");
    CHECK(missing.exit_code != 0);
}

TEST_CASE("plugins inspect lists the extensions a plugin offers, none for a 1.0 plugin") {
    const auto with = run(std::string("--plugin-dir ") + PHOTOBRIDGE_FIXTURE_DIR + "/extensions plugins inspect extensions");
    CHECK(with.exit_code == 0);
    CHECK(with.out.find("photobridge.webhook-verifier/1") != std::string::npos);
    CHECK(with.out.find("photobridge.media-download/1") != std::string::npos);
    const auto without = run(std::string("--plugin-dir ") + PHOTOBRIDGE_FIXTURE_DIR + "/abi_1_0 plugins inspect abi_1_0");
    CHECK(without.exit_code == 0);
    CHECK(without.out.find("\"abi\": \"1.0\"") != std::string::npos);
    CHECK(without.out.find("photobridge.") == std::string::npos);
}
