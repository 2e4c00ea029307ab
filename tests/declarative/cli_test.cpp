// The CLI with provider files: `photobridge validate FILE.provider.toml`,
// `plugins` and `plugins inspect` listing a provider file's plugin under its
// own id, `test-read` reading it, and a workflow that swaps
// plugin = "cloudcard" for "cloudcard_declarative" and changes nothing
// else, writing the same files.
#include "support/shared_mock.hpp"
#include "support/shell_command.hpp"
#include "support/test_files.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>

using namespace photobridge;
namespace fs = std::filesystem;
using testing::run_program;
using testing::shell_quoted;

namespace {

const fs::path kShipped = fs::path(PHOTOBRIDGE_SOURCE_DIR) / "plugins/declarative/providers/cloudcard_declarative.provider.toml";

// name -> bytes of the files a files sink wrote (its manifest.jsonl left out).
std::map<std::string, std::string> written(const fs::path& dir) {
    std::map<std::string, std::string> out;
    if (!fs::exists(dir)) return out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename() != "manifest.jsonl") out[e.path().filename().string()] = testing::read_file(e.path());
    return out;
}

fs::path workflow(const fs::path& dir, const std::string& plugin, const std::string& mock_url) {
    const fs::path file = dir / (plugin + ".toml");
    std::ofstream(file) << "[workflow]\nname = \"ids-" << plugin << "\"\n\n"
                        << "[connections.cc]\nplugin = \"" << plugin << "\"\nbase_url = \"" << mock_url
                        << "\"\ntoken = \"mock-token\"\n\n"
                        << "[connections.out]\nplugin = \"files\"\ndir = \"" << (dir / ("out-" + plugin)).string()
                        << "\"\n\n[source]\nconnection = \"cc\"\nstream = \"photos\"\nparams = { status = \"APPROVED\" }\n"
                        << "page_size = 50\n\n[[steps]]\nuse = \"download\"\n\n"
                        << "[[sinks]]\nconnection = \"out\"\naction = \"write\"\nparams = { name = \"{id}.jpg\" }\n";
    return file;
}

}  // namespace

TEST_CASE("validate: a broken provider file gives every problem as FILE:LINE:COLUMN and exit 2") {
    const fs::path file = fs::path(DECLARATIVE_TEST_DIR) / "broken/error_rules.provider.toml";
    const auto run = run_program(PHOTOBRIDGE_CLI, "validate " + shell_quoted(file.string()), "2>&1");
    INFO(run.out);
    CHECK(run.exit_code == 2);
    CHECK(run.out.find(file.string() + ":") == 0);
    CHECK(run.out.find("unknown status 'TOO_MANY'") != std::string::npos);
    CHECK(run.out.find(file.string() + ": 3 errors") != std::string::npos);
}

TEST_CASE("validate: the shipped replica is ok, alongside a workflow file") {
    const auto run = run_program(PHOTOBRIDGE_CLI, "validate " + shell_quoted(kShipped.string()), "2>&1");
    INFO(run.out);
    CHECK(run.exit_code == 0);
    CHECK(run.out.find("ok (plugin cloudcard_declarative from declarative: 1 stream, 1 operation)") != std::string::npos);
}

TEST_CASE("plugins lists the provider file's plugin under its own id, inspect shows the derived manifest") {
    const auto list = run_program(PHOTOBRIDGE_CLI, "plugins", "2>&1");
    INFO(list.out);
    CHECK(list.exit_code == 0);
    CHECK(list.out.find("cloudcard_declarative") != std::string::npos);
    const auto inspect = run_program(PHOTOBRIDGE_CLI, "plugins inspect cloudcard_declarative", "2>&1");
    INFO(inspect.out);
    CHECK(inspect.exit_code == 0);
    CHECK(inspect.out.find("photos") != std::string::npos);
    CHECK(inspect.out.find("X-Auth-Token") != std::string::npos);  // the token's description
}

TEST_CASE("a workflow that swaps cloudcard for cloudcard_declarative writes the same files") {
    auto& mock = testing::shared_mock("cloudcard", 120);
    testing::TempDir dir;
    const std::string url = mock.provider_url("cloudcard");
    std::map<std::string, std::map<std::string, std::string>> out;
    for (const std::string plugin : {"cloudcard", "cloudcard_declarative"}) {
        const fs::path file = workflow(dir.path(), plugin, url);
        const auto run = run_program(PHOTOBRIDGE_CLI,
                                     "run " + shell_quoted(file.string()) + " --state " +
                                         shell_quoted((dir.path() / (plugin + ".db")).string()),
                                     "2>&1");
        INFO(run.out);
        CHECK(run.exit_code == 0);
        out[plugin] = written(dir.path() / ("out-" + plugin));
        // A re-run writes nothing.
        const auto again = run_program(PHOTOBRIDGE_CLI,
                                       "run " + shell_quoted(file.string()) + " --state " +
                                           shell_quoted((dir.path() / (plugin + ".db")).string()) + " --json",
                                       "2>/dev/null");
        CHECK(again.exit_code == 0);
        CHECK(again.out.find("\"synced\": 0") != std::string::npos);
    }
    CHECK(!out["cloudcard"].empty());
    CHECK(out["cloudcard"] == out["cloudcard_declarative"]);
}

TEST_CASE("test-read reads a provider file's stream like a C++ plugin's") {
    auto& mock = testing::shared_mock("cloudcard", 120);
    const auto run = run_program(PHOTOBRIDGE_CLI,
                                 "test-read cloudcard_declarative photos --set base_url=" + mock.provider_url("cloudcard") +
                                     " --set token=mock-token --page-size 50 --pages 5",
                                 "2>&1");
    INFO(run.out);
    CHECK(run.exit_code == 0);
    CHECK(run.out.find("end of the stream (3 pages, 120 records)") != std::string::npos);
    CHECK(run.out.find("mock-token") == std::string::npos);
}
