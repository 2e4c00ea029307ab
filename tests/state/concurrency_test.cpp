// One store used from many threads at once (the engine's workers): every
// method is serialised internally, so concurrent writes, lookups, dead
// letters and checkpoints neither fail nor lose rows. Runs on every
// backend (store_under_test.hpp).
#include "store_under_test.hpp"
#include "temp_folder.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

using namespace photobridge::state;
using photobridge::testing::raw_query;
using photobridge::testing::StoreUnderTest;

TEST_CASE("eight threads writing pages and looking up and checkpointing and dead-lettering on one store") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store = under_test->open();
    constexpr int kThreads = 8;
    constexpr int kPages = 25;
    constexpr int kPageSize = 50;
    std::atomic<int> failures{0};
    std::atomic<int> lookups_wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            try {
                for (int p = 0; p < kPages; ++p) {
                    std::vector<std::string> keys;
                    std::vector<LedgerUpdate> pending, done;
                    for (int i = 0; i < kPageSize; ++i) {
                        const std::string key = "t" + std::to_string(t) + "-p" + std::to_string(p) + "-" + std::to_string(i);
                        keys.push_back(key);
                        pending.push_back({"sink", key, "h", LedgerStatus::pending, ""});
                        done.push_back({"sink", key, "h", LedgerStatus::done, "id-" + key});
                    }
                    if (!store->ledger_lookup("wf", "sink", keys).empty()) ++lookups_wrong;
                    store->ledger_write("wf", pending);
                    store->ledger_write("wf", done);
                    const auto found = store->ledger_lookup("wf", "sink", keys);
                    if (found.size() != keys.size()) ++lookups_wrong;
                    for (const auto& [k, e] : found)
                        if (e.status != LedgerStatus::done || e.result_id != "id-" + k) ++lookups_wrong;
                    Checkpoint c;
                    c.pages = p + 1;
                    c.records = (p + 1) * kPageSize;
                    store->save_checkpoint("wf", "stream-" + std::to_string(t), c);
                    if (p % 5 == 0) {
                        DeadLetter d;
                        d.workflow = "wf";
                        d.sink = "sink";
                        d.key = "dead-" + std::to_string(t) + "-" + std::to_string(p);
                        d.attempts = 1;
                        store->add_dead_letter(d);
                    }
                    if (p % 10 == 0) store->finish_run(store->begin_run("wf"), "ok", "{}");
                }
            } catch (const std::exception& e) {
                ++failures;
                MESSAGE(std::string(e.what()));
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(failures == 0);
    CHECK(lookups_wrong == 0);
    CHECK(store->ledger_count("wf") == kThreads * kPages * kPageSize);
    CHECK(store->ledger_pending("wf").empty());
    CHECK(store->checkpoints("wf").size() == kThreads);
    for (const auto& c : store->checkpoints("wf")) CHECK(c.checkpoint.records == kPages * kPageSize);
    CHECK(store->dead_letter_count("wf") == kThreads * 5);
    CHECK(store->runs("wf", 0).size() == kThreads * 3);
    if (!under_test->is_postgresql()) CHECK(raw_query(under_test->location(), "PRAGMA integrity_check") == "ok");
}
