#include "engine/ledger_writer.hpp"
#include "engine_test_support.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace photobridge;
using engine::LedgerWriter;

TEST_CASE("ledger writer: marks are durable before their continuation runs, and batched") {
    engine_test::TempDir dir;
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    std::atomic<int> continuations{0};
    std::atomic<int> durable_when_seen{0};
    {
        LedgerWriter writer(*store, "wf");
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 50; ++i) {
                    const std::string key = "k" + std::to_string(t) + "-" + std::to_string(i);
                    CHECK(writer.write_and_wait({"sink", key, "h", state::LedgerStatus::pending, ""}));
                    writer.write({"sink", key, "h", state::LedgerStatus::done, "r-" + key}, [&, key](bool ok) {
                        CHECK(ok);
                        // The continuation sees its own mark in the store.
                        auto found = store->ledger_lookup("wf", "sink", {key});
                        if (found.count(key) && found.at(key).status == state::LedgerStatus::done) ++durable_when_seen;
                        ++continuations;
                    });
                }
            });
        for (auto& t : threads) t.join();
        writer.close();
        CHECK(writer.failure().empty());
        CHECK(writer.commits() < 800);  // 800 marks went in fewer transactions
    }
    CHECK(continuations == 400);
    CHECK(durable_when_seen == 400);
    CHECK(store->ledger_count("wf") == 400);
    CHECK(store->ledger_pending("wf").empty());
}

TEST_CASE("ledger writer: a mark queued after close is refused, not lost silently") {
    engine_test::TempDir dir;
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    LedgerWriter writer(*store, "wf");
    writer.close();
    bool called = false, result = true;
    writer.write({"s", "k", "h", state::LedgerStatus::done, ""}, [&](bool ok) {
        called = true;
        result = ok;
    });
    CHECK(called);
    CHECK_FALSE(result);
    CHECK_FALSE(writer.write_and_wait({"s", "k", "h", state::LedgerStatus::pending, ""}));
}
