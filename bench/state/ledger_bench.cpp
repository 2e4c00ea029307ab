// The ledger on the re-run path: one lookup per page of 200 keys in a
// 100,000-entry ledger, and one batched write per page of 200 updates.
// Besides the store's own lookup (a chunked `key IN (?,...)` statement,
// padded to a power of two), the same lookup is measured four other ways
// on the same file, to justify that choice: 200 point queries, a temp table
// joined to the ledger, json_each() over one bound JSON array, and an
// unpadded IN list. Figures and the command: bench/RESULTS.md, "State store".
#include "state/sqlite_handle.hpp"
#include "state/sqlite_state_store.hpp"
#include "ledger_shapes.hpp"

#include <benchmark/benchmark.h>
#include <boost/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <unistd.h>

namespace {

using photobridge::bench::hash_of;
using photobridge::bench::key_of;
using photobridge::state::LedgerStatus;
using photobridge::state::LedgerUpdate;
using photobridge::state::SqliteStateStore;
namespace sqlite = photobridge::state::sqlite;

constexpr int kLedgerSize = 100000;
constexpr int kPage = 200;
constexpr const char* kWorkflow = "bench-favorites";
constexpr const char* kSink = "sb.upload_photo";

// One 100,000-entry ledger per process, in a temporary folder removed at exit.
struct Fixture {
    std::filesystem::path folder;
    std::filesystem::path db_path;
    std::unique_ptr<SqliteStateStore> store;
    std::unique_ptr<sqlite::Database> raw;  // a second connection for the alternatives
    std::mt19937_64 random{42};

    Fixture() {
        folder = std::filesystem::temp_directory_path() / ("photobridge-bench-state-" + std::to_string(::getpid()));
        std::filesystem::create_directories(folder);
        db_path = folder / "state.db";
        store = std::make_unique<SqliteStateStore>(db_path);
        std::vector<LedgerUpdate> batch;
        for (std::int64_t i = 0; i < kLedgerSize; ++i) {
            batch.push_back({kSink, key_of(i), hash_of(i), LedgerStatus::done, "photo-" + std::to_string(i)});
            if (batch.size() == 1000) {
                store->ledger_write(kWorkflow, batch);
                batch.clear();
            }
        }
        raw = std::make_unique<sqlite::Database>(db_path);
        // The same page cache as the store's connection (8 MiB) unless
        // PHOTOBRIDGE_BENCH_RAW_CACHE_KIB says otherwise (for experiments).
        const char* cache = std::getenv("PHOTOBRIDGE_BENCH_RAW_CACHE_KIB");
        raw->exec("PRAGMA cache_size = -" + std::string(cache ? cache : "8192") + "; PRAGMA temp_store = MEMORY",
                  "configure");
        raw->exec("CREATE TEMP TABLE lookup_keys (key TEXT PRIMARY KEY) WITHOUT ROWID", "create temp table");
    }
    ~Fixture() {
        raw.reset();
        store.reset();
        std::error_code ec;
        std::filesystem::remove_all(folder, ec);
    }

    // A page of keys: present ones drawn at random from the ledger, or
    // absent ones (a first run).
    std::vector<std::string> page(bool present) {
        std::vector<std::string> keys;
        keys.reserve(kPage);
        std::uniform_int_distribution<std::int64_t> pick(0, kLedgerSize - 1);
        for (int i = 0; i < kPage; ++i) keys.push_back(key_of(present ? pick(random) : kLedgerSize + pick(random)));
        return keys;
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

// Builds the same result as SqliteStateStore::ledger_lookup (a map of
// LedgerEntry by key), so the alternatives are compared doing equal work.
using Entries = std::map<std::string, photobridge::state::LedgerEntry>;
void collect(sqlite::Statement& s, Entries& out) {
    while (s.step()) {
        photobridge::state::LedgerEntry e;
        e.key = s.column_text(0);
        e.content_hash = s.column_text(1);
        e.status = s.column_text(2) == "done" ? LedgerStatus::done : LedgerStatus::pending;
        e.result_id = s.column_text(3);
        e.updated_at = s.column_text(4);
        std::string key = e.key;
        out.insert_or_assign(std::move(key), std::move(e));
    }
}

void BM_LedgerLookup200_Store(benchmark::State& state) {
    auto& f = fixture();
    const bool present = state.range(0) != 0;
    std::size_t found = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const auto keys = f.page(present);
        state.ResumeTiming();
        const auto entries = f.store->ledger_lookup(kWorkflow, kSink, keys);
        found += entries.size();
        benchmark::DoNotOptimize(entries);
    }
    state.counters["found_per_page"] = benchmark::Counter(static_cast<double>(found) / static_cast<double>(state.iterations()));
    state.SetItemsProcessed(state.iterations() * kPage);
}
BENCHMARK(BM_LedgerLookup200_Store)->ArgName("present")->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

// A re-run's real pattern: the source returns pages in the order the first
// run wrote them, so a page's keys were written together.
void BM_LedgerLookup200_Store_SourceOrder(benchmark::State& state) {
    auto& f = fixture();
    std::int64_t page = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<std::string> keys;
        for (int i = 0; i < kPage; ++i) keys.push_back(key_of((page * kPage + i) % kLedgerSize));
        ++page;
        state.ResumeTiming();
        benchmark::DoNotOptimize(f.store->ledger_lookup(kWorkflow, kSink, keys));
    }
    state.SetItemsProcessed(state.iterations() * kPage);
}
BENCHMARK(BM_LedgerLookup200_Store_SourceOrder)->Unit(benchmark::kMicrosecond);

void BM_LedgerLookup200_PointQueries(benchmark::State& state) {
    auto& f = fixture();
    sqlite::Statement s(*f.raw,
                        "SELECT key, content_hash, status, result_id, updated_at FROM ledger "
                        "WHERE workflow = ?1 AND sink = ?2 AND key = ?3");
    for (auto _ : state) {
        state.PauseTiming();
        const auto keys = f.page(true);
        state.ResumeTiming();
        sqlite::Transaction snapshot(*f.raw, sqlite::Transaction::Kind::deferred);
        Entries entries;
        for (const auto& k : keys) {
            sqlite::StatementUse use(s);
            s.bind(1, std::string_view(kWorkflow));
            s.bind(2, std::string_view(kSink));
            s.bind(3, k);
            collect(s, entries);
        }
        snapshot.commit();
        benchmark::DoNotOptimize(entries);
    }
    state.SetItemsProcessed(state.iterations() * kPage);
}
BENCHMARK(BM_LedgerLookup200_PointQueries)->Unit(benchmark::kMicrosecond);

void BM_LedgerLookup200_TempTable(benchmark::State& state) {
    auto& f = fixture();
    sqlite::Statement clear(*f.raw, "DELETE FROM lookup_keys");
    sqlite::Statement insert(*f.raw, "INSERT OR IGNORE INTO lookup_keys (key) VALUES (?1)");
    sqlite::Statement select(*f.raw,
                             "SELECT l.key, l.content_hash, l.status, l.result_id, l.updated_at "
                             "FROM lookup_keys k CROSS JOIN ledger l ON l.workflow = ?1 AND l.sink = ?2 AND l.key = k.key");
    for (auto _ : state) {
        state.PauseTiming();
        const auto keys = f.page(true);
        state.ResumeTiming();
        // The temp table lives in memory; its writes need a transaction.
        sqlite::Transaction transaction(*f.raw, sqlite::Transaction::Kind::deferred);
        {
            sqlite::StatementUse use(clear);
            clear.run();
        }
        for (const auto& k : keys) {
            sqlite::StatementUse use(insert);
            insert.bind(1, k);
            insert.run();
        }
        sqlite::StatementUse use(select);
        select.bind(1, std::string_view(kWorkflow));
        select.bind(2, std::string_view(kSink));
        Entries entries;
        collect(select, entries);
        benchmark::DoNotOptimize(entries);
        select.reset();
        transaction.commit();
    }
    state.SetItemsProcessed(state.iterations() * kPage);
}
BENCHMARK(BM_LedgerLookup200_TempTable)->Unit(benchmark::kMicrosecond);

void BM_LedgerLookup200_JsonEach(benchmark::State& state) {
    auto& f = fixture();
    sqlite::Statement s(*f.raw,
                        "SELECT key, content_hash, status, result_id, updated_at FROM ledger "
                        "WHERE workflow = ?1 AND sink = ?2 AND key IN (SELECT value FROM json_each(?3))");
    for (auto _ : state) {
        state.PauseTiming();
        const auto keys = f.page(true);
        state.ResumeTiming();
        boost::json::array array;
        for (const auto& k : keys) array.emplace_back(k);
        const std::string json = boost::json::serialize(array);
        sqlite::StatementUse use(s);
        s.bind(1, std::string_view(kWorkflow));
        s.bind(2, std::string_view(kSink));
        s.bind(3, json);
        Entries entries;
        collect(s, entries);
        benchmark::DoNotOptimize(entries);
    }
    state.SetItemsProcessed(state.iterations() * kPage);
}
BENCHMARK(BM_LedgerLookup200_JsonEach)->Unit(benchmark::kMicrosecond);

// The IN list on the raw connection, with exactly as many placeholders as
// keys (range 200) or padded with NULLs to 256 like the store (range 256).
void BM_LedgerLookup200_InList(benchmark::State& state) {
    auto& f = fixture();
    const auto placeholders = static_cast<int>(state.range(0));
    std::string sql = "SELECT key, content_hash, status, result_id, updated_at FROM ledger "
                      "WHERE workflow = ?1 AND sink = ?2 AND key IN (";
    for (int i = 0; i < placeholders; ++i) sql += (i ? ",?" : "?") + std::to_string(i + 3);
    sql += ")";
    sqlite::Statement s(*f.raw, sql);
    for (auto _ : state) {
        state.PauseTiming();
        const auto keys = f.page(true);
        state.ResumeTiming();
        sqlite::StatementUse use(s);
        s.bind(1, std::string_view(kWorkflow));
        s.bind(2, std::string_view(kSink));
        for (int i = 0; i < kPage; ++i) s.bind(i + 3, keys[static_cast<std::size_t>(i)]);
        Entries entries;
        collect(s, entries);
        benchmark::DoNotOptimize(entries);
    }
    state.SetItemsProcessed(state.iterations() * kPage);
}
BENCHMARK(BM_LedgerLookup200_InList)->ArgName("placeholders")->Arg(200)->Arg(256)->Unit(benchmark::kMicrosecond);

// A first run's page: 200 new keys marked pending (before the sink writes),
// in a second workflow so the lookup figures keep their 100,000 entries.
void BM_LedgerWrite200_NewPending(benchmark::State& state) {
    auto& f = fixture();
    static std::int64_t next = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<LedgerUpdate> updates;
        for (int i = 0; i < kPage; ++i, ++next)
            updates.push_back({kSink, key_of(next), hash_of(next), LedgerStatus::pending, ""});
        state.ResumeTiming();
        f.store->ledger_write("bench-first-run", updates);
    }
    state.SetItemsProcessed(state.iterations() * kPage);
}
BENCHMARK(BM_LedgerWrite200_NewPending)->Unit(benchmark::kMicrosecond);

// The same page after its sink writes: 200 done marks with result ids for
// the entries just marked pending (the pending write is not timed).
void BM_LedgerWrite200_MarkDone(benchmark::State& state) {
    auto& f = fixture();
    static std::int64_t next = 1'000'000'000;
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<LedgerUpdate> updates;
        for (int i = 0; i < kPage; ++i, ++next)
            updates.push_back({kSink, key_of(next), hash_of(next), LedgerStatus::pending, ""});
        f.store->ledger_write("bench-first-run", updates);
        for (auto& u : updates) {
            u.status = LedgerStatus::done;
            u.result_id = "photo-" + u.key.substr(u.key.size() - 8);
        }
        state.ResumeTiming();
        f.store->ledger_write("bench-first-run", updates);
    }
    state.SetItemsProcessed(state.iterations() * kPage);
}
BENCHMARK(BM_LedgerWrite200_MarkDone)->Unit(benchmark::kMicrosecond);

// The worst case: 200 updates of entries scattered over the 100,000-entry
// ledger (a re-sync of changed records spread across the source).
void BM_LedgerWrite200_ScatteredUpdates(benchmark::State& state) {
    auto& f = fixture();
    std::int64_t n = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<LedgerUpdate> updates;
        const auto status = (n / kPage) % 2 ? LedgerStatus::done : LedgerStatus::pending;
        for (int i = 0; i < kPage; ++i, ++n) {
            const auto index = (n * 7919) % kLedgerSize;
            updates.push_back({kSink, key_of(index), hash_of(index), status,
                               status == LedgerStatus::done ? "photo-" + std::to_string(index) : ""});
        }
        state.ResumeTiming();
        f.store->ledger_write(kWorkflow, updates);
    }
    state.SetItemsProcessed(state.iterations() * kPage);
}
BENCHMARK(BM_LedgerWrite200_ScatteredUpdates)->Unit(benchmark::kMicrosecond);

// For comparison only: the same 200 updates as 200 calls (200 transactions).
void BM_LedgerWrite200_OneCallPerUpdate(benchmark::State& state) {
    auto& f = fixture();
    std::int64_t n = 0;
    for (auto _ : state) {
        for (int i = 0; i < kPage; ++i, ++n) {
            const auto index = (n * 7919) % kLedgerSize;
            f.store->ledger_write(kWorkflow, {{kSink, key_of(index), hash_of(index), LedgerStatus::done,
                                               "photo-" + std::to_string(index)}});
        }
    }
    state.SetItemsProcessed(state.iterations() * kPage);
}
BENCHMARK(BM_LedgerWrite200_OneCallPerUpdate)->Unit(benchmark::kMicrosecond);

// A checkpoint save, once per page.
void BM_SaveCheckpoint(benchmark::State& state) {
    auto& f = fixture();
    photobridge::state::Checkpoint c;
    for (auto _ : state) {
        ++c.pages;
        c.records += kPage;
        c.cursor = "cursor-" + std::to_string(c.pages);
        f.store->save_checkpoint(kWorkflow, "org_favorites", c);
    }
}
BENCHMARK(BM_SaveCheckpoint)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
