// Crash safety of the store itself: a child process writes in a loop the
// way the engine does (pending marks, done marks, a checkpoint per page,
// dead letters, runs) and is killed with SIGKILL at random instants; the
// parent reopens the database after each kill and checks invariants that
// hold only if every call's rows were written all-or-nothing and nothing
// committed was lost. The child resumes from what the store says, like a
// re-run would.
#include "state/sqlite_schema.hpp"
#include "state/sqlite_state_store.hpp"
#include "temp_folder.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <chrono>
#include <csignal>
#include <random>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace photobridge::state;
using photobridge::testing::raw_query;
using photobridge::testing::raw_query_int;
using photobridge::testing::TempFolder;

namespace {

constexpr int kBatch = 200;
constexpr const char* kWorkflow = "crash-wf";
constexpr const char* kStream = "photos";

std::string key_for(std::int64_t batch, int i) { return "k" + std::to_string(batch) + "-" + std::to_string(i); }

std::vector<LedgerUpdate> batch_updates(std::int64_t batch, LedgerStatus status) {
    std::vector<LedgerUpdate> out;
    out.reserve(kBatch);
    for (int i = 0; i < kBatch; ++i) {
        const std::string key = key_for(batch, i);
        out.push_back({"sink", key, "hash-" + key, status, status == LedgerStatus::done ? "r-" + key : ""});
    }
    return out;
}

// A dead letter's record: big enough to span several pages in the WAL.
std::string letter_record(std::int64_t batch) {
    boost::json::object o{{"kind", "photo"}, {"id", "dl-" + std::to_string(batch)}, {"padding", std::string(9000, 'x')}};
    return boost::json::serialize(o);
}

// The engine's loop, forever, until killed. Never returns.
[[noreturn]] void write_forever(const std::filesystem::path& path) {
    try {
        SqliteStateStore store(path);
        const auto run = store.begin_run(kWorkflow);
        // Resume: a batch left pending by the previous kill is completed first
        // (the engine would look it up at the sink), then its checkpoint saved.
        const auto pending = store.ledger_pending(kWorkflow);
        std::int64_t batch = store.ledger_count(kWorkflow) / kBatch;
        if (!pending.empty()) {
            store.ledger_write(kWorkflow, batch_updates(batch - 1, LedgerStatus::done));
        }
        Checkpoint resumed;
        resumed.records = batch * kBatch;
        resumed.pages = batch;
        resumed.cursor = "after-" + std::to_string(batch);
        store.save_checkpoint(kWorkflow, kStream, resumed);
        for (;; ++batch) {
            store.ledger_write(kWorkflow, batch_updates(batch, LedgerStatus::pending));
            store.ledger_write(kWorkflow, batch_updates(batch, LedgerStatus::done));
            Checkpoint c;
            c.records = (batch + 1) * kBatch;
            c.pages = batch + 1;
            c.cursor = "after-" + std::to_string(batch + 1);
            store.save_checkpoint(kWorkflow, kStream, c);
            if (batch % 3 == 0) {
                DeadLetter d;
                d.workflow = kWorkflow;
                d.sink = "sink";
                d.key = "dl-" + std::to_string(batch);
                d.error = "HTTP 500";
                d.record_json = letter_record(batch);
                d.attempts = 5;
                store.add_dead_letter(d);
            }
            if (batch % 10 == 9) store.finish_run(run, "ok", "{\"batches\":" + std::to_string(batch + 1) + "}");
        }
    } catch (...) {
        ::_exit(3);
    }
}

// Forks a writer on `path`, kills it with SIGKILL after `delay`; true when
// it was still running (killed), false when it had exited on its own.
bool run_and_kill(const std::filesystem::path& path, std::chrono::microseconds delay) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) write_forever(path);
    std::this_thread::sleep_for(delay);
    ::kill(child, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

// What must hold after any kill. Returns the number of done entries.
std::int64_t check_invariants(const std::filesystem::path& path) {
    CHECK(raw_query(path, "PRAGMA integrity_check") == "ok");
    SqliteStateStore store(path);  // reopening recovers the WAL
    CHECK(raw_query_int(path, "PRAGMA user_version") == sqlite::latest_state_schema_version());

    const std::int64_t count = store.ledger_count(kWorkflow);
    CHECK(count % kBatch == 0);  // a batch is all there or not at all
    const auto pending = store.ledger_pending(kWorkflow);
    CHECK((pending.empty() || pending.size() == static_cast<std::size_t>(kBatch)));
    const std::int64_t done = count - static_cast<std::int64_t>(pending.size());
    // Only the newest batch can be pending, all of it.
    const std::int64_t last = count / kBatch - 1;
    for (const auto& [sink, entry] : pending) {
        CHECK(entry.key.rfind("k" + std::to_string(last) + "-", 0) == 0);
        CHECK(entry.result_id == "");
    }
    // Every done entry carries its result id (written in the same row).
    CHECK(raw_query_int(path, "SELECT count(*) FROM ledger WHERE status = 'done' AND result_id <> 'r-' || key") == 0);
    CHECK(raw_query_int(path, "SELECT count(*) FROM ledger WHERE status = 'done'") == done);

    // The checkpoint trails the ledger by at most one batch, never leads it.
    const auto checkpoint = store.load_checkpoint(kWorkflow, kStream);
    const std::int64_t records = checkpoint ? checkpoint->records : 0;
    CHECK((records == done || records == done - kBatch));
    if (!pending.empty()) CHECK(records == done);
    if (checkpoint) {
        CHECK(checkpoint->cursor == std::optional<std::string>("after-" + std::to_string(records / kBatch)));
        CHECK(checkpoint->pages == records / kBatch);
    }

    // Dead letters are whole: their records parse and match their key.
    for (const auto& d : store.dead_letters(kWorkflow)) {
        boost::system::error_code ec;
        const auto record = boost::json::parse(d.record_json, ec);
        REQUIRE_FALSE(ec);
        CHECK(record.at("id").as_string() == d.key);
        CHECK(d.attempts % 5 == 0);
    }
    for (const auto& r : store.runs(kWorkflow, 0)) {
        CHECK((r.outcome == "running" || r.outcome == "ok"));
        CHECK((r.outcome == "running") == r.finished_at.empty());
    }
    return done;
}

}  // namespace

TEST_CASE("SIGKILL at random instants while writing leaves a consistent and resumable store") {
    TempFolder dir;
    const auto path = dir / "state.db";
    std::mt19937 random(20240501);
    std::uniform_int_distribution<int> delay_us(0, 150000);
    int killed = 0;
    std::int64_t previous_done = 0;
    for (int round = 0; round < 16; ++round) {
        const auto delay = std::chrono::microseconds(round == 0 ? 0 : delay_us(random));
        CAPTURE(round);
        CAPTURE(delay.count());
        if (run_and_kill(path, delay)) ++killed;
        if (!std::filesystem::exists(path)) continue;  // killed before the file existed
        const std::int64_t done = check_invariants(path);
        CHECK(done >= previous_done);  // committed work is never lost
        previous_done = done;
    }
    CHECK(killed == 16);
    // The writers made progress across the kills (kept low: a loaded
    // machine may give the children little time).
    CHECK(previous_done >= 2 * kBatch);
}

TEST_CASE("SIGKILL while a fresh store is being created leaves a file that opens") {
    TempFolder dir;
    for (int round = 0; round < 12; ++round) {
        const auto path = dir / ("fresh-" + std::to_string(round) + ".db");
        CAPTURE(round);
        run_and_kill(path, std::chrono::microseconds(round * 400));
        SqliteStateStore store(path);  // creates, recovers or finishes the migration
        CHECK(raw_query_int(path, "PRAGMA user_version") == sqlite::latest_state_schema_version());
        CHECK(raw_query(path, "PRAGMA integrity_check") == "ok");
        CHECK(store.ledger_count(kWorkflow) % kBatch == 0);
    }
}
