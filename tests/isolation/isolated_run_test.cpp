// A whole run with an isolated sink that crashes on one record: the crash
// is PB_ERR_UNAVAILABLE, which the engine retries like any transient
// failure; after the policy's attempts (each one a crash of a fresh child)
// the record is dead-lettered with the crash as its reason, and every other
// record syncs. Writes take 30 ms at concurrency 4, so other records are most
// often in flight when the child dies: those bystanders fail once too, run alone on
// their next attempt and sync; only the culprit spends every attempt.
#include <doctest/doctest.h>

#include "engine/run_engine.hpp"
#include "isolation/isolation_support.hpp"
#include "model/workflow.hpp"
#include "state/state_store.hpp"
#include "support/test_files.hpp"

#include <fstream>
#include <sstream>

using namespace isolation_test;
namespace engine = photobridge::engine;
namespace model = photobridge::model;
namespace state = photobridge::state;

namespace {

// hello.numbers 1..count -> crashing.write {"id": "{id}"}; the sink's
// plugin runs in its own process and crashes on record `poison`.
model::Workflow crash_workflow(int count, const std::string& poison, const std::string& marks_file) {
    model::Workflow wf;
    wf.name = "isolated-crash";
    model::Connection source;
    source.name = "numbers";
    source.plugin = "hello";
    source.config = boost::json::object{{"base_url", "http://127.0.0.1:1"}, {"token", "unused"}};
    wf.connections["numbers"] = source;
    model::Connection sink_connection;
    sink_connection.name = "fragile";
    sink_connection.plugin = "crashing";
    sink_connection.config = boost::json::object{{"fail_on_id", poison}, {"marks_file", marks_file}, {"write_ms", 30}};
    sink_connection.isolation = model::Isolation::process;
    wf.connections["fragile"] = sink_connection;
    wf.source.connection = "numbers";
    wf.source.stream = "numbers";
    wf.source.params = boost::json::object{{"count", count}};
    wf.source.page_size = 10;
    model::Sink sink;
    sink.id = "fragile.write";
    sink.connection = "fragile";
    sink.action = "write";
    sink.params = model::RecordTemplateObject(boost::json::object{{"id", "{id}"}});
    wf.sinks.push_back(sink);
    wf.policy.key = model::RecordTemplate("{id}");
    wf.policy.concurrency = 4;
    wf.policy.retry = model::RetryPolicy{3, 1, 5};
    wf.policy.queue_capacity = 16;
    wf.policy.timeout_ms = 5000;
    return wf;
}

int lines_in(const std::filesystem::path& file) {
    std::ifstream in(file);
    int n = 0;
    for (std::string line; std::getline(in, line);) ++n;
    return n;
}

}  // namespace

TEST_CASE("isolated run: a record that crashes the plugin is dead-lettered after the retry attempts and the others sync") {
    photobridge::testing::TempDir dir;
    const auto marks = dir.path() / "crashes.txt";
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    const auto wf = crash_workflow(20, "7", marks.string());
    engine::RunOptions options;
    const auto summary = engine::run_workflow(wf, registry(), store.get(), options);
    CHECK(summary.outcome == "partial");
    CHECK(summary.synced == 19);
    CHECK(summary.dead_lettered == 1);
    // Each attempt crashed a child: the policy's 3 attempts, 3 crashes.
    CHECK(lines_in(marks) == 3);
    const auto letters = store->dead_letters(wf.name);
    REQUIRE(letters.size() == 1);
    CHECK(letters[0].key == "7");
    CHECK(letters[0].code == PB_ERR_UNAVAILABLE);
    CHECK(letters[0].attempts == 3);
    CHECK(letters[0].error.find("SIGSEGV") != std::string::npos);
}
