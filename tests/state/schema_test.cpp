// Opening a state database: WAL and the schema version on a fresh file,
// migrations in order, and clear refusals (naming the file) of files that
// are not photobridge state databases or were written by a newer version.
#include "state/sqlite_schema.hpp"
#include "state/sqlite_state_store.hpp"
#include "temp_folder.hpp"

#include <doctest/doctest.h>

#include <fstream>

using photobridge::state::SqliteStateStore;
using photobridge::state::open_sqlite_state_store;
using photobridge::testing::raw_exec;
using photobridge::testing::raw_query;
using photobridge::testing::raw_query_int;
using photobridge::testing::TempFolder;
namespace sqlite = photobridge::state::sqlite;

namespace {

// The message of the exception `open` throws, "" when it does not throw.
std::string open_error(const std::filesystem::path& path) {
    try {
        open_sqlite_state_store(path);
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

}  // namespace

TEST_CASE("a fresh store is created with its folders in WAL mode at the latest schema version") {
    TempFolder dir;
    const auto path = dir / "nested/deeper/state.db";
    { auto store = open_sqlite_state_store(path); }
    REQUIRE(std::filesystem::exists(path));
    CHECK(raw_query(path, "PRAGMA journal_mode") == "wal");
    CHECK(raw_query_int(path, "PRAGMA user_version") == sqlite::latest_state_schema_version());
    CHECK(raw_query_int(path, "PRAGMA application_id") == sqlite::kStateApplicationId);
    for (const char* table : {"workflows", "checkpoints", "ledger", "dead_letters", "runs"})
        CHECK(raw_query_int(path, std::string("SELECT count(*) FROM sqlite_schema WHERE type='table' AND name='") +
                                      table + "'") == 1);
    // Reopening an up-to-date store changes nothing and works repeatedly.
    for (int i = 0; i < 3; ++i) {
        auto store = open_sqlite_state_store(path);
        CHECK(store->workflows().empty());
    }
    CHECK(raw_query_int(path, "PRAGMA user_version") == sqlite::latest_state_schema_version());
}

TEST_CASE("migrations are an ordered list without gaps") {
    const auto migrations = sqlite::state_migrations();
    REQUIRE(!migrations.empty());
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        CHECK(migrations[i].version == static_cast<int>(i + 1));
        CHECK(std::string(migrations[i].sql).size() > 0);
        CHECK(std::string(migrations[i].description).size() > 0);
    }
    CHECK(sqlite::latest_state_schema_version() == migrations.back().version);
}

TEST_CASE("an empty SQLite file (version 0) is migrated and data survives reopening") {
    TempFolder dir;
    const auto path = dir / "state.db";
    raw_exec(dir / "state.db", "PRAGMA user_version = 0");  // creates an empty database
    {
        auto store = open_sqlite_state_store(path);
        store->ledger_write("wf", {{"sink", "k1", "h1", photobridge::state::LedgerStatus::done, "r1"}});
    }
    auto store = open_sqlite_state_store(path);
    CHECK(store->ledger_count("wf") == 1);
}

TEST_CASE("a store written by a newer photobridge is refused naming the file and both versions") {
    TempFolder dir;
    const auto path = dir / "state.db";
    { auto store = open_sqlite_state_store(path); }
    raw_exec(path, "PRAGMA user_version = 99");
    const std::string error = open_error(path);
    CHECK(error.find(path.string()) != std::string::npos);
    CHECK(error.find("newer photobridge") != std::string::npos);
    CHECK(error.find("99") != std::string::npos);
}

TEST_CASE("a SQLite database that is not a state store is refused and left untouched") {
    TempFolder dir;
    const auto path = dir / "other.db";
    raw_exec(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1,'a')");
    const std::string error = open_error(path);
    CHECK(error.find(path.string()) != std::string::npos);
    CHECK(error.find("not a photobridge state store") != std::string::npos);
    CHECK(raw_query_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'ledger'") == 0);
    CHECK(raw_query_int(path, "PRAGMA application_id") == 0);

    raw_exec(dir / "foreign.db", "PRAGMA application_id = 1234");
    CHECK(open_error(dir / "foreign.db").find("application_id 1234") != std::string::npos);
}

TEST_CASE("a file that is not SQLite and a directory give errors naming the path and SQLite's message") {
    TempFolder dir;
    const auto text_file = dir / "notes.db";
    {
        std::ofstream out(text_file);
        out << "these are my notes, not a database; long enough to have a header region......................\n";
    }
    const std::string error = open_error(text_file);
    CHECK(error.find(text_file.string()) != std::string::npos);
    CHECK(error.find("file is not a database") != std::string::npos);

    std::filesystem::create_directories(dir / "folder.db");
    const std::string dir_error = open_error(dir / "folder.db");
    CHECK(dir_error.find((dir / "folder.db").string()) != std::string::npos);
    CHECK(dir_error.find("directory") != std::string::npos);
}

TEST_CASE("two connections opening one fresh file both succeed and the schema is created once") {
    // Two stores (two connections) racing on one new file: the migration
    // runs once under the write lock; the second sees it done.
    TempFolder dir;
    const auto path = dir / "state.db";
    auto first = std::make_unique<SqliteStateStore>(path);
    auto second = std::make_unique<SqliteStateStore>(path);
    first->begin_run("a");
    second->begin_run("b");
    CHECK(first->workflows() == std::vector<std::string>{"a", "b"});
}
