// `photobridge demo` as a user runs it: the real program starts the
// photobridge-mock program next to it as a child, runs an example workflow
// against it and stops it; without photobridge-mock next to it, it says so.
#include "e2e_support.hpp"
#include "support/shell_command.hpp"

#include <doctest/doctest.h>

#include <httplib.h>

#include <regex>

namespace {

namespace fs = std::filesystem;
using photobridge::testing::run_shell;
using photobridge::testing::shell_quoted;

const std::string kCli = PHOTOBRIDGE_CLI_PATH;
const std::string kExamples = PHOTOBRIDGE_SOURCE_DIR "/examples/workflows";

std::string demo_command(const std::string& program, const fs::path& output) {
    std::string line = shell_quoted(program);
    line.append(" demo --records 40 --only cloudcard-approved-to-folder --examples ")
        .append(shell_quoted(kExamples))
        .append(" --output ")
        .append(shell_quoted(output.string()))
        .append(" 2>&1");
    return line;
}

}  // namespace

TEST_CASE("demo runs an example against the photobridge-mock child and stops it") {
    e2e::TempDir dir("pb-demo");
    const fs::path output = dir.path() / "out";
    const auto result = run_shell(demo_command(kCli, output));
    INFO(result.out);
    REQUIRE(result.exit_code == 0);
    std::smatch address;
    REQUIRE(std::regex_search(result.out, address,
                              std::regex(R"(a mock of every provider is running at http://127\.0\.0\.1:([0-9]+) )")));
    CHECK(result.out.find("== cloudcard-approved-to-folder") != std::string::npos);
    std::size_t written = 0;
    for (const auto& e : fs::recursive_directory_iterator(output / "cloudcard-approved-to-folder"))
        written += e.is_regular_file() && e.path().extension() == ".jpg";
    CHECK(written > 0);

    // The child is gone once demo has exited: nothing answers on its port.
    httplib::Client client("127.0.0.1", std::stoi(address[1].str()));
    client.set_connection_timeout(2);
    CHECK_FALSE(client.Get("/__admin/coverage"));
}

TEST_CASE("demo without photobridge-mock next to it fails with a clear error") {
    e2e::TempDir dir("pb-demo-nomock");
    const fs::path bin = dir.path() / "bin";
    fs::create_directories(bin);
    fs::copy_file(kCli, bin / "photobridge");
    fs::permissions(bin / "photobridge", fs::perms::owner_all, fs::perm_options::add);
    const auto result = run_shell(demo_command((bin / "photobridge").string(), dir.path() / "out"));
    INFO(result.out);
    CHECK(result.exit_code == 1);
    const std::string expected = "demo: the mock server program is missing: " + (bin / "photobridge-mock").string();
    CHECK(result.out.find(expected) != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "out"));
}

TEST_CASE("demo interrupted by SIGINT checkpoints, exits 130 and stops the photobridge-mock child") {
    e2e::TempDir dir("pb-demo-int");
    const fs::path log = dir.path() / "demo.log";
    // The demo in the background; SIGINT once its first workflow runs.
    std::string script = shell_quoted(kCli);
    script.append(" demo --records 2000 --examples ")
        .append(shell_quoted(kExamples))
        .append(" --output ")
        .append(shell_quoted((dir.path() / "out").string()))
        .append(" >")
        .append(shell_quoted(log.string()))
        .append(" 2>&1 & pid=$!; i=0; while ! grep -q '^== ' ")
        .append(shell_quoted(log.string()))
        .append(" && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; kill -INT $pid; wait $pid; echo rc=$?");
    const auto result = run_shell("sh -c " + shell_quoted(script));
    const std::string out = photobridge::testing::read_file(log);
    INFO(out);
    CHECK(result.out.find("rc=130") != std::string::npos);
    std::smatch address;
    REQUIRE(std::regex_search(out, address, std::regex(R"(running at http://127\.0\.0\.1:([0-9]+) )")));
    httplib::Client client("127.0.0.1", std::stoi(address[1].str()));
    client.set_connection_timeout(2);
    CHECK_FALSE(client.Get("/__admin/coverage"));
}
