// The engine's fallback for plugins built for ABI 1.0: without the
// sink-lookup extension, the operation's manifest "lookup" is what resolves
// writes an interrupted run left pending. The sink is the 1.0 fixture plugin
// (tests/host/fixture_plugins/abi_1_0), whose `find` says a name exists when
// it is an even number.
#include "engine/content_hash.hpp"
#include "engine/sink_contract.hpp"
#include "engine_test_support.hpp"
#include "host/plugin_registry.hpp"
#include "support/harness.hpp"

#include <doctest/doctest.h>

using namespace photobridge;
using engine_test::TempDir;
namespace json = boost::json;

TEST_CASE("run: a 1.0 plugin's manifest lookup resolves pending writes, found ones are not written again") {
    host::PluginRegistry plugins;
    plugins.load_directory(PHOTOBRIDGE_PLUGIN_OUTPUT_DIR);
    plugins.load_directory(std::string(PHOTOBRIDGE_FIXTURE_DIR) + "/abi_1_0");
    REQUIRE(plugins.problems().empty());
    const auto sink_plugin = plugins.find("abi_1_0");
    REQUIRE(sink_plugin);
    REQUIRE(sink_plugin->extensions.sink_lookup == nullptr);

    model::Workflow wf = engine_test::hello_fetch_workflow("lookup-1-0", 10, 5, "http://127.0.0.1:9");
    model::Connection store_connection;
    store_connection.name = "s";
    store_connection.plugin = "abi_1_0";
    store_connection.config = json::object{};
    wf.connections["s"] = store_connection;
    wf.sinks.front().id = "s.store";
    wf.sinks.front().connection = "s";
    wf.sinks.front().action = "store";
    wf.sinks.front().params = model::RecordTemplateObject(json::object{{"name", "{id}"}});

    // A state as a run leaves it when it died after every write and before
    // any done mark: a pending mark with the record's content hash per key.
    const testing::PluginUnderTest hello("hello", json::object{{"base_url", "http://127.0.0.1:9"}, {"token", "t"}});
    const json::array records = testing::read_all(hello, "numbers", json::object{{"count", 10}}, 5);
    REQUIRE(records.size() == 10);
    TempDir dir;
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    std::vector<state::LedgerUpdate> pending;
    for (const auto& r : records)
        pending.push_back({"s.store", engine::id_text(r.at("id")), engine::content_hash(r), state::LedgerStatus::pending, ""});
    store->ledger_write(wf.name, pending);

    const auto s = engine::run_workflow(wf, plugins, store.get(), engine::RunOptions{});
    INFO(s.to_text());
    CHECK(s.outcome == "ok");
    CHECK(s.synced == 10);
    REQUIRE(s.sinks.size() == 1);
    CHECK(s.sinks[0].found == 5);    // the even ones, found by the manifest's lookup
    CHECK(s.sinks[0].written == 5);  // the odd ones, not there: written
    CHECK(store->ledger_pending(wf.name).empty());
    const auto done = store->ledger_lookup(wf.name, "s.store", {"2", "3"});
    REQUIRE(done.count("2"));
    REQUIRE(done.count("3"));
    CHECK(done.at("2").result_id == "found-2");
    CHECK(done.at("3").result_id == "stored-3");
}
