// The state store's hot calls on both backends, in one process and one
// session so that the two can be compared: SQLite (a file in a temporary
// folder) and PostgreSQL (a server of the benchmark's own on a Unix socket,
// started as the tests start theirs: tests/support/postgres_server.hpp).
// Each backend holds a 100,000-entry ledger. Figures and the command:
// bench/RESULTS.md, "State store: SQLite and PostgreSQL".
#include "ledger_shapes.hpp"
#include "state/postgres_state_store.hpp"
#include "state/sqlite_state_store.hpp"
#include "support/postgres_server.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <unistd.h>

namespace {

using photobridge::bench::hash_of;
using photobridge::bench::key_of;
using photobridge::state::Checkpoint;
using photobridge::state::LedgerStatus;
using photobridge::state::LedgerUpdate;
using photobridge::state::StateBackend;

constexpr int kLedgerSize = 100000;
constexpr int kPage = 200;
constexpr const char* kWorkflow = "bench-favorites";
constexpr const char* kSink = "sb.upload_photo";

void fill(StateBackend& store) {
    std::vector<LedgerUpdate> batch;
    for (std::int64_t i = 0; i < kLedgerSize; ++i) {
        batch.push_back({kSink, key_of(i), hash_of(i), LedgerStatus::done, "photo-" + std::to_string(i)});
        if (batch.size() == 1000) {
            store.ledger_write(kWorkflow, batch);
            batch.clear();
        }
    }
}

// Both stores, filled once per process; the folder and the server go at exit.
struct Backends {
    std::filesystem::path folder;
    std::unique_ptr<photobridge::testing::PostgresServer> server;
    std::unique_ptr<StateBackend> sqlite;
    std::unique_ptr<StateBackend> postgres;
    std::int64_t next_new_key = kLedgerSize;  // keys not in either ledger yet
    std::mt19937_64 random{42};

    Backends() {
        folder = std::filesystem::temp_directory_path() / ("photobridge-bench-backends-" + std::to_string(::getpid()));
        std::filesystem::create_directories(folder);
        sqlite = std::make_unique<photobridge::state::SqliteStateStore>(folder / "state.db");
        fill(*sqlite);
        if (const auto missing = photobridge::testing::PostgresServer::missing_binaries()) {
            std::cerr << "bench_store_backends: no PostgreSQL (" << *missing << "): its benchmarks are skipped\n";
            return;
        }
        server = std::make_unique<photobridge::testing::PostgresServer>();
        postgres = std::make_unique<photobridge::state::PostgresStateStore>(server->create_database("bench"));
        fill(*postgres);
    }
    ~Backends() {
        postgres.reset();
        sqlite.reset();
        server.reset();
        std::error_code ec;
        std::filesystem::remove_all(folder, ec);
    }

    StateBackend* store(std::int64_t backend) { return backend == 0 ? sqlite.get() : postgres.get(); }

    std::vector<std::string> present_page() {
        std::uniform_int_distribution<std::int64_t> pick(0, kLedgerSize - 1);
        std::vector<std::string> keys;
        for (int i = 0; i < kPage; ++i) keys.push_back(key_of(pick(random)));
        return keys;
    }
};

Backends& backends() {
    static Backends b;
    return b;
}

// state.range(0): 0 SQLite, 1 PostgreSQL.
StateBackend* store_or_skip(benchmark::State& state) {
    StateBackend* store = backends().store(state.range(0));
    if (store == nullptr) state.SkipWithError("no PostgreSQL server here");
    state.SetLabel(state.range(0) == 0 ? "sqlite" : "postgresql");
    return store;
}

void BM_Backend_LedgerLookup200(benchmark::State& state) {
    StateBackend* store = store_or_skip(state);
    if (store == nullptr) return;
    for (auto _ : state) {
        state.PauseTiming();
        const auto keys = backends().present_page();
        state.ResumeTiming();
        benchmark::DoNotOptimize(store->ledger_lookup(kWorkflow, kSink, keys));
    }
    state.SetItemsProcessed(state.iterations() * kPage);
}
BENCHMARK(BM_Backend_LedgerLookup200)->ArgName("postgresql")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// A first run's page: 200 new keys marked pending, then done.
void BM_Backend_LedgerWrite200_PendingThenDone(benchmark::State& state) {
    StateBackend* store = store_or_skip(state);
    if (store == nullptr) return;
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<LedgerUpdate> pending, done;
        for (int i = 0; i < kPage; ++i) {
            const std::int64_t k = backends().next_new_key++;
            pending.push_back({kSink, key_of(k), hash_of(k), LedgerStatus::pending, ""});
            done.push_back({kSink, key_of(k), hash_of(k), LedgerStatus::done, "photo-" + std::to_string(k)});
        }
        state.ResumeTiming();
        store->ledger_write(kWorkflow, pending);
        store->ledger_write(kWorkflow, done);
    }
    state.SetItemsProcessed(state.iterations() * kPage);
}
BENCHMARK(BM_Backend_LedgerWrite200_PendingThenDone)->ArgName("postgresql")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_Backend_SaveCheckpoint(benchmark::State& state) {
    StateBackend* store = store_or_skip(state);
    if (store == nullptr) return;
    Checkpoint c;
    c.cursor = "cursor-after-page";
    for (auto _ : state) {
        ++c.pages;
        c.records += kPage;
        store->save_checkpoint(kWorkflow, "headshotpro.org_favorites", c);
    }
}
BENCHMARK(BM_Backend_SaveCheckpoint)->ArgName("postgresql")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_Backend_TakeAndReleaseWorkflowLock(benchmark::State& state) {
    StateBackend* store = store_or_skip(state);
    if (store == nullptr) return;
    for (auto _ : state) benchmark::DoNotOptimize(store->lock_workflow(kWorkflow, {}));
}
BENCHMARK(BM_Backend_TakeAndReleaseWorkflowLock)->ArgName("postgresql")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
