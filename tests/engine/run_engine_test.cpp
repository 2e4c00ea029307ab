// Whole runs through the engine: the hello plugin's `numbers` stream into
// its `fetch` operation against a counting HTTP server, so every sink write
// is counted where it lands, with the real SQLite state store.
#include "engine/run_engine.hpp"
#include "engine_test_support.hpp"
#include "state/state_store.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <thread>

using namespace photobridge;
using engine_test::CountingServer;
using engine_test::TempDir;
using namespace std::chrono_literals;

namespace {

// Every /item/N for N in 1..count requested exactly `times` times.
void check_each_written(const CountingServer& server, int count, int times = 1) {
    int wrong = 0;
    for (int i = 1; i <= count; ++i)
        if (server.count("/item/" + std::to_string(i)) != times) ++wrong;
    CHECK(wrong == 0);
    CHECK(server.total() == count * times);
}

}  // namespace

TEST_CASE("run: every record reaches the sink once, a re-run writes nothing and skips all") {
    TempDir dir;
    CountingServer server;
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    const auto wf = engine_test::hello_fetch_workflow("numbers-to-fetch", 250, 20, server.url());

    const auto first = engine_test::run(wf, store.get());
    CHECK(first.outcome == "ok");
    CHECK(first.exit_code == 0);
    CHECK(first.read == 250);
    CHECK(first.synced == 250);
    CHECK(first.skipped == 0);
    CHECK(first.pages == 13);
    CHECK(first.pass_complete);
    check_each_written(server, 250);
    CHECK(store->ledger_count(wf.name) == 250);
    CHECK(store->ledger_pending(wf.name).empty());
    auto checkpoint = store->load_checkpoint(wf.name, engine::checkpoint_stream(wf));
    REQUIRE(checkpoint);
    CHECK(checkpoint->complete);
    CHECK(checkpoint->records == 250);

    const auto second = engine_test::run(wf, store.get());
    CHECK(second.outcome == "ok");
    CHECK(second.read == 250);
    CHECK(second.synced == 0);
    CHECK(second.skipped == 250);
    CHECK(second.sinks.at(0).unchanged == 250);
    check_each_written(server, 250);  // nothing new arrived at the sink

    const auto runs = store->runs(wf.name, 10);
    REQUIRE(runs.size() == 2);
    CHECK(runs[0].outcome == "ok");
    CHECK(runs[0].finished_at != "");
}

TEST_CASE("run: transient failures are retried and still give exactly one write each") {
    TempDir dir;
    CountingServer server(/*fail_first=*/1, /*fail_status=*/503);
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    const auto wf = engine_test::hello_fetch_workflow("retrying", 60, 25, server.url());
    const auto s = engine_test::run(wf, store.get());
    CHECK(s.outcome == "ok");
    CHECK(s.synced == 60);
    CHECK(s.retries == 60);
    // Each path: one refused request (503, not acted on) and one that worked.
    check_each_written(server, 60, 2);
}

TEST_CASE("run: 429 with Retry-After is honoured and retried") {
    TempDir dir;
    CountingServer server(1, 429);
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    const auto wf = engine_test::hello_fetch_workflow("rate-limited", 20, 10, server.url());
    const auto s = engine_test::run(wf, store.get());
    CHECK(s.outcome == "ok");
    CHECK(s.synced == 20);
    CHECK(s.retries == 20);
}

TEST_CASE("run: dead letters for records that keep failing, a re-run retries them without duplicating letters") {
    TempDir dir;
    CountingServer server(/*fail_first=*/1000, /*fail_status=*/500);
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    auto wf = engine_test::hello_fetch_workflow("dead-letters", 30, 10, server.url());
    wf.policy.retry = model::RetryPolicy{2, 1, 2};
    const auto s = engine_test::run(wf, store.get());
    CHECK(s.outcome == "partial");
    CHECK(s.exit_code == 1);
    CHECK(s.failed == 30);
    // The run history records the outcome as the summary has it.
    const auto history = store->runs(wf.name, 0);
    REQUIRE(history.size() == 1);
    CHECK(history[0].outcome == state::run_outcome::partial);
    CHECK(history[0].finished_at != "");
    CHECK(s.dead_lettered == 30);
    CHECK(s.synced == 0);
    CHECK(server.total() == 60);  // 2 attempts each
    auto letters = store->dead_letters(wf.name);
    REQUIRE(letters.size() == 30);
    CHECK(letters[0].sink == "h.fetch");
    CHECK(letters[0].attempts == 2);
    CHECK(letters[0].http_status == 500);
    CHECK(letters[0].record_json.find("\"id\"") != std::string::npos);
    // The secret token never reaches the store.
    for (const auto& l : letters) CHECK(l.error.find("secret-token-123") == std::string::npos);
    // The checkpoint moved past them: dead-lettered records are settled.
    auto checkpoint = store->load_checkpoint(wf.name, engine::checkpoint_stream(wf));
    REQUIRE(checkpoint);
    CHECK(checkpoint->complete);

    const auto again = engine_test::run(wf, store.get());
    CHECK(again.dead_lettered == 30);
    CHECK(store->dead_letters(wf.name).size() == 30);  // updated, not duplicated
}

TEST_CASE("run: a record that syncs after failing loses its dead letter") {
    TempDir dir;
    CountingServer server(/*fail_first=*/2, /*fail_status=*/500);
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    auto wf = engine_test::hello_fetch_workflow("recovering", 10, 10, server.url());
    wf.policy.retry = model::RetryPolicy{2, 1, 2};
    CHECK(engine_test::run(wf, store.get()).dead_lettered == 10);
    CHECK(store->dead_letters(wf.name).size() == 10);
    const auto s = engine_test::run(wf, store.get());  // third request of each path succeeds
    CHECK(s.synced == 10);
    CHECK(s.outcome == "ok");
    CHECK(store->dead_letters(wf.name).empty());
}

TEST_CASE("run: on_error = skip goes on without dead letters, on_error = fail stops with exit 1 and keeps the checkpoint") {
    TempDir dir;
    CountingServer server(1000, 500);
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    auto wf = engine_test::hello_fetch_workflow("skipping", 15, 5, server.url());
    wf.policy.retry = model::RetryPolicy{1, 1, 1};
    wf.policy.on_error = model::OnError::skip;
    const auto skipped = engine_test::run(wf, store.get());
    CHECK(skipped.outcome == "ok");
    CHECK(skipped.failed == 15);
    CHECK(store->dead_letters(wf.name).empty());

    auto wf2 = engine_test::hello_fetch_workflow("failing", 40, 5, server.url());
    wf2.policy.retry = model::RetryPolicy{1, 1, 1};
    wf2.policy.on_error = model::OnError::fail;
    wf2.policy.concurrency = 1;
    const auto failed = engine_test::run(wf2, store.get());
    CHECK(failed.outcome == "failed");
    CHECK(failed.exit_code == 1);
    CHECK(failed.failure.find("record 1 -> h.fetch: UNAVAILABLE") == 0);
    auto checkpoint = store->load_checkpoint(wf2.name, engine::checkpoint_stream(wf2));
    CHECK((!checkpoint || checkpoint->records == 0));  // never past the failing first record
    CHECK(store->runs(wf2.name, 1).at(0).outcome == "failed");
}

TEST_CASE("run: a stop mid-run checkpoints, the resumed run gives every record exactly once") {
    TempDir dir;
    CountingServer server;
    server.set_delay(2ms);
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    const auto wf = engine_test::hello_fetch_workflow("stop-and-resume", 400, 10, server.url());

    engine::RunOptions options;
    options.stop = std::make_shared<host::CancellationToken>();
    std::thread stopper([&] {
        while (server.total() < 120) std::this_thread::sleep_for(1ms);
        options.stop->cancel();
    });
    const auto interrupted = engine_test::run(wf, store.get(), options);
    stopper.join();
    CHECK(interrupted.outcome == "interrupted");
    CHECK(interrupted.exit_code == 130);
    const int written_first = server.total();
    CHECK(written_first >= 120);
    CHECK(written_first < 400);
    auto checkpoint = store->load_checkpoint(wf.name, engine::checkpoint_stream(wf));
    REQUIRE(checkpoint);
    CHECK_FALSE(checkpoint->complete);
    CHECK(checkpoint->records <= written_first);
    CHECK(store->runs(wf.name, 1).at(0).outcome == "interrupted");

    server.set_delay(0ms);
    const auto resumed = engine_test::run(wf, store.get());
    CHECK(resumed.outcome == "ok");
    CHECK(resumed.resumed);
    CHECK(resumed.synced == 400 - written_first);
    check_each_written(server, 400);
    CHECK(store->ledger_count(wf.name) == 400);
}

TEST_CASE("run: --dry-run prints the writes, touches no sink, and writes no state at all") {
    TempDir dir;
    CountingServer server;
    const auto wf = engine_test::hello_fetch_workflow("dry", 12, 5, server.url());
    std::ostringstream out;
    engine::RunOptions options;
    options.dry_run = true;
    options.out = &out;
    const auto s = engine_test::run(wf, nullptr, options);  // no state file
    CHECK(s.dry_run);
    CHECK(s.would_write == 12);
    CHECK(server.total() == 0);
    CHECK(out.str().find("would write  h.fetch  7  fetch {\"path\":\"/item/7\"}") != std::string::npos);

    // With a state that knows half of them: those are skipped, and the
    // store is byte-for-byte unchanged.
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    auto half = engine_test::hello_fetch_workflow("dry", 6, 5, server.url());
    CHECK(engine_test::run(half, store.get()).synced == 6);
    const auto runs_before = store->runs(wf.name, 100).size();
    const auto checkpoint_before = store->load_checkpoint(wf.name, engine::checkpoint_stream(wf));
    std::ostringstream out2;
    options.out = &out2;
    options.json = true;
    const auto s2 = engine_test::run(wf, store.get(), options);
    CHECK(s2.would_write == 6);
    CHECK(s2.would_skip == 6);
    CHECK(server.total() == 6);
    CHECK(store->runs(wf.name, 100).size() == runs_before);
    CHECK(store->ledger_count(wf.name) == 6);
    const auto checkpoint_after = store->load_checkpoint(wf.name, engine::checkpoint_stream(wf));
    REQUIRE(checkpoint_after);
    CHECK(checkpoint_after->records == checkpoint_before->records);
    CHECK(out2.str().find(R"({"action":"skip","key":"3","reason":"unchanged since the last sync","sink":"h.fetch"})") !=
          std::string::npos);
}

TEST_CASE("run: the values the loader read from the environment are masked in what the run prints") {
    CountingServer server;
    auto wf = engine_test::hello_fetch_workflow("masked", 8, 4, server.url());
    wf.sensitive_values = {"/item/7"};  // as if a setting had read it from ${env:...}
    std::ostringstream out;
    engine::RunOptions options;
    options.dry_run = true;
    options.out = &out;
    CHECK(engine_test::run(wf, nullptr, options).would_write == 8);
    CHECK(out.str().find("/item/7") == std::string::npos);
    CHECK(out.str().find("would write  h.fetch  7  fetch") != std::string::npos);
    CHECK(out.str().find("/item/8") != std::string::npos);
}

TEST_CASE("run: a changed record is synced again (resync_changed), or not") {
    TempDir dir;
    CountingServer server;
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    auto wf = engine_test::hello_fetch_workflow("changes", 5, 5, server.url());
    CHECK(engine_test::run(wf, store.get()).synced == 5);
    // Pretend record 2 changed: its ledger hash no longer matches.
    store->ledger_write(wf.name, {{"h.fetch", "2", "old-hash", state::LedgerStatus::done, "r2"}});
    wf.policy.resync_changed = false;
    CHECK(engine_test::run(wf, store.get()).synced == 0);
    wf.policy.resync_changed = true;
    const auto s = engine_test::run(wf, store.get());
    CHECK(s.synced == 1);
    CHECK(server.count("/item/2") == 2);
}

TEST_CASE("run: per-connection rate limit spaces the requests") {
    TempDir dir;
    CountingServer server;
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    auto wf = engine_test::hello_fetch_workflow("limited", 20, 20, server.url());
    wf.policy.rate_limit["h"] = 50.0;  // 20 ms apart
    const auto start = std::chrono::steady_clock::now();
    CHECK(engine_test::run(wf, store.get()).synced == 20);
    CHECK(std::chrono::steady_clock::now() - start >= 19 * 20ms - 10ms);
}

TEST_CASE("run: the source filter and sink routing skip records without writing them") {
    TempDir dir;
    CountingServer server;
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    auto wf = engine_test::hello_fetch_workflow("routing", 10, 10, server.url());
    wf.source.filter.any_of.push_back({"value", {boost::json::value(1), boost::json::value(2), boost::json::value(3),
                                                 boost::json::value(4)}});
    wf.sinks[0].when.any_of.push_back({"id", {boost::json::value("2"), boost::json::value("4")}});
    const auto s = engine_test::run(wf, store.get());
    CHECK(s.read == 10);
    CHECK(s.filtered == 6);
    CHECK(s.synced == 2);
    CHECK(s.skipped == 8);
    CHECK(server.total() == 2);
    CHECK(server.count("/item/2") == 1);
    CHECK(server.count("/item/4") == 1);
}
