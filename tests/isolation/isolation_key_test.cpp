// The host's own keys of a connection (sdk-docs/workflows.md): isolation,
// memory_limit_mb and call_deadline_ms are read into the model, never handed
// to the plugin, and wrong values are diagnostics at their place in the file.
#include <doctest/doctest.h>

#include "engine/connections.hpp"
#include "isolation/isolation_support.hpp"
#include "support/test_files.hpp"
#include "workflow/workflow_loader.hpp"

#include <fstream>

namespace fs = std::filesystem;
namespace model = photobridge::model;

namespace {

photobridge::workflow_file::LoadResult load_with(const std::string& sink_connection_extra) {
    static photobridge::testing::TempDir dir;
    const fs::path file = dir.path() / "keys.toml";
    std::ofstream(file) << R"([workflow]
name = "keys"

[connections.numbers]
plugin = "hello"
base_url = "http://127.0.0.1:1"
token = "unused"

[connections.sink]
plugin = "crashing"
)" << sink_connection_extra << R"(

[source]
connection = "numbers"
stream = "numbers"
params = { count = 1 }

[[sinks]]
connection = "sink"
action = "write"
params = { id = "{id}" }

[policy]
key = "{id}"
)";
    return photobridge::workflow_file::load_workflow(file, isolation_test::registry());
}

std::string all_diagnostics(const photobridge::workflow_file::LoadResult& r) {
    std::string out;
    for (const auto& d : r.diagnostics) out += d.str() + "\n";
    return out;
}

}  // namespace

TEST_CASE("isolation keys: read into the model and kept from the plugin's config") {
    const auto r = load_with("isolation = \"process\"\nmemory_limit_mb = 300\ncall_deadline_ms = 1500\n");
    REQUIRE_MESSAGE(r.workflow, all_diagnostics(r));
    const model::Connection& c = r.workflow->connections.at("sink");
    REQUIRE(c.isolation);
    CHECK(*c.isolation == model::Isolation::process);
    CHECK(c.memory_limit_mb == 300);
    CHECK(c.call_deadline_ms == 1500);
    CHECK_FALSE(c.config.contains("isolation"));
    CHECK_FALSE(c.config.contains("memory_limit_mb"));
    CHECK_FALSE(c.config.contains("call_deadline_ms"));
    const auto settings = photobridge::engine::isolation_settings(c);
    REQUIRE(settings);
    CHECK(settings->memory_limit_mb == 300);
    CHECK(settings->call_deadline == std::chrono::milliseconds(1500));
    // The other connection said nothing: in-process unless a default is given.
    const model::Connection& numbers = r.workflow->connections.at("numbers");
    CHECK_FALSE(numbers.isolation);
    CHECK_FALSE(photobridge::engine::isolation_settings(numbers));
    model::Workflow copy = *r.workflow;
    model::default_isolation(copy, model::Isolation::process);
    CHECK(copy.connections.at("numbers").isolation == model::Isolation::process);
}

TEST_CASE("isolation keys: in-process is accepted and wrong values are diagnostics at their line") {
    const auto in_process = load_with("isolation = \"in-process\"\n");
    REQUIRE_MESSAGE(in_process.workflow, all_diagnostics(in_process));
    CHECK(in_process.workflow->connections.at("sink").isolation == model::Isolation::in_process);
    CHECK_FALSE(photobridge::engine::isolation_settings(in_process.workflow->connections.at("sink")));

    const auto wrong = load_with("isolation = \"sideways\"\nmemory_limit_mb = -1\ncall_deadline_ms = \"soon\"\n");
    CHECK_FALSE(wrong.workflow);
    const std::string text = all_diagnostics(wrong);
    CHECK(text.find("keys.toml:11:") != std::string::npos);
    CHECK(text.find("expected \"process\" or \"in-process\"") != std::string::npos);
    CHECK(text.find("memory_limit_mb: expected a whole number of MiB") != std::string::npos);
    CHECK(text.find("call_deadline_ms: expected a whole number of milliseconds") != std::string::npos);
}
