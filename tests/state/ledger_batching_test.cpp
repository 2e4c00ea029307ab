// The ledger's batch paths: lookups of any size (chunked statements with
// NULL padding) find exactly the stored keys; a write of a page of updates
// is one transaction (all rows or none); failures name the file and carry
// SQLite's message.
#include "state/sqlite_state_store.hpp"
#include "temp_folder.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>

using namespace photobridge::state;
using photobridge::testing::raw_exec;
using photobridge::testing::raw_query_int;
using photobridge::testing::TempFolder;

namespace {

std::string key_of(int i) { return "headshotpro:photo_" + std::to_string(i); }

std::vector<LedgerUpdate> updates_for(int first, int count, LedgerStatus status) {
    std::vector<LedgerUpdate> out;
    for (int i = first; i < first + count; ++i)
        out.push_back({"sb", key_of(i), "hash-" + std::to_string(i), status, "r" + std::to_string(i)});
    return out;
}

}  // namespace

TEST_CASE("ledger_write of 200 updates is one transaction: a failure on the 150th leaves none of them") {
    TempFolder dir;
    const auto path = dir / "state.db";
    SqliteStateStore store(path);
    store.ledger_write("wf", updates_for(0, 200, LedgerStatus::done));
    // A trigger (installed through a separate connection) rejects one key.
    raw_exec(path,
             "CREATE TRIGGER reject_poison BEFORE INSERT ON ledger WHEN NEW.key = 'poison' "
             "BEGIN SELECT RAISE(ABORT, 'poisoned key rejected by the test'); END");

    auto batch = updates_for(200, 200, LedgerStatus::pending);
    batch[149].key = "poison";
    // Some of the batch also updates existing rows: those must roll back too.
    batch[10] = {"sb", key_of(5), "changed", LedgerStatus::pending, ""};
    std::string error;
    try {
        store.ledger_write("wf", batch);
    } catch (const std::exception& e) {
        error = e.what();
    }
    CHECK(error.find(path.string()) != std::string::npos);
    CHECK(error.find("poisoned key rejected by the test") != std::string::npos);
    CHECK(store.ledger_count("wf") == 200);
    CHECK(store.ledger_lookup("wf", "sb", {key_of(5)}).at(key_of(5)).content_hash == "hash-5");
    CHECK(store.ledger_pending("wf").empty());

    // The store stays usable after the failed transaction.
    batch[149].key = "fine";
    store.ledger_write("wf", batch);
    CHECK(store.ledger_count("wf") == 399);  // 199 new keys + "fine"; key_of(5) was an update
    CHECK(raw_query_int(path, "SELECT count(*) FROM ledger WHERE status = 'pending'") == 200);
}

TEST_CASE("a lookup larger than one chunk sees one snapshot and leaves no transaction open") {
    TempFolder dir;
    const auto path = dir / "state.db";
    SqliteStateStore store(path);
    store.ledger_write("wf", updates_for(0, 600, LedgerStatus::done));
    std::vector<std::string> keys;
    for (int i = 0; i < 600; ++i) keys.push_back(key_of(i));
    CHECK(store.ledger_lookup("wf", "sb", keys).size() == 600);
    // Another connection can write right away: no read transaction lingers.
    raw_exec(path, "UPDATE ledger SET status = 'pending' WHERE key = '" + key_of(1) + "'");
    CHECK(store.ledger_lookup("wf", "sb", keys).at(key_of(1)).status == LedgerStatus::pending);
}

TEST_CASE("a write blocked by another writer waits busy_timeout then fails naming the file and the lock") {
    TempFolder dir;
    const auto path = dir / "state.db";
    SqliteStateStore store(path, 200);
    store.ledger_write("wf", updates_for(0, 10, LedgerStatus::done));

    // Another connection takes the write lock and keeps it.
    sqlite3* holder = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &holder) == SQLITE_OK);
    REQUIRE(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    const auto started = std::chrono::steady_clock::now();
    std::string error;
    try {
        store.ledger_write("wf", updates_for(10, 10, LedgerStatus::done));
    } catch (const std::exception& e) {
        error = e.what();
    }
    const auto waited = std::chrono::steady_clock::now() - started;
    CHECK(waited >= std::chrono::milliseconds(150));
    CHECK(error.find(path.string()) != std::string::npos);
    CHECK(error.find("database is locked") != std::string::npos);
    // Readers are not blocked by a writer in WAL mode.
    CHECK(store.ledger_lookup("wf", "sb", {key_of(0)}).size() == 1);
    sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(holder);

    // Once the lock is free the same write goes through.
    store.ledger_write("wf", updates_for(10, 10, LedgerStatus::done));
    CHECK(store.ledger_count("wf") == 20);
}

TEST_CASE("two stores on one file interleave batched writes without errors") {
    TempFolder dir;
    const auto path = dir / "state.db";
    SqliteStateStore store(path);
    SqliteStateStore other(path);
    for (int i = 0; i < 20; ++i) {
        store.ledger_write("wf", updates_for(i * 10, 10, LedgerStatus::done));
        other.ledger_write("wf", updates_for(1000 + i * 10, 10, LedgerStatus::done));
    }
    CHECK(store.ledger_count("wf") == 400);
    CHECK(other.ledger_lookup("wf", "sb", {key_of(0), key_of(1000)}).size() == 2);
}
