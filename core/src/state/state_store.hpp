// What the engine remembers between runs: checkpoints, the ledger of synced
// records, dead letters and run history. SQLite is the embedded backend
// (sqlite_state_store.hpp); the interface leaves room for PostgreSQL.
//
// Thread contract: one StateStore is used by one run; its methods may be
// called from any thread but are serialised internally.
// Secrets never reach the store: records are stored as the plugin returned
// them and connection configs are never stored.
#pragma once

#include "state/step_marks.hpp"
#include "state/workflow_lock.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::state {

// Where a stream read stopped: the cursor of the next page to read.
struct Checkpoint {
    std::optional<std::string> cursor;  // nullopt: start from the beginning
    std::int64_t pages = 0;             // pages completed in this pass
    std::int64_t records = 0;           // records read in this pass
    std::optional<std::string> high_water;  // newest incremental-field value seen (for since = "last-run")
    bool complete = false;              // the pass reached the last page
};

enum class LedgerStatus { pending, done };

// The status as the schemas write it ("pending", "done"), and back
// (anything else reads as pending). Defined in status_names.cpp.
const char* ledger_status_name(LedgerStatus status) noexcept;
LedgerStatus ledger_status_from_name(std::string_view name) noexcept;

// One (workflow, sink, key): what was written where.
struct LedgerEntry {
    std::string key;
    std::string content_hash;
    LedgerStatus status = LedgerStatus::pending;
    std::string result_id;    // the sink's id for what it wrote (e.g. the Shootbin photo id), "" if none
    std::string updated_at;   // ISO 8601 UTC
};

struct LedgerUpdate {
    std::string sink;
    std::string key;
    std::string content_hash;
    LedgerStatus status = LedgerStatus::pending;
    std::string result_id;
};

struct DeadLetter {
    std::int64_t id = 0;
    std::string workflow;
    std::string sink;          // "" when the record failed before reaching a sink
    std::string key;
    std::int32_t code = 0;     // pb_status
    int http_status = 0;
    std::string error;         // redacted message
    std::string record_json;   // the record as read from the source
    int attempts = 0;
    std::string created_at;
};

// The outcome of a run in the run history, as finish_run() writes it and
// RunRecord::outcome reads it back (also RunSummary::outcome and the
// `outcome` label of photobridge_runs_total). These five names are the whole
// set: every writer and reader uses them, and finish_run() refuses any other
// text with std::invalid_argument.
namespace run_outcome {
inline constexpr const char* running = "running";          // begun and not finished: still running, or killed
inline constexpr const char* ok = "ok";                    // finished; every record synced or skipped
inline constexpr const char* partial = "partial";          // finished; some records failed (now dead letters)
inline constexpr const char* failed = "failed";            // stopped by a failure of the run as a whole
inline constexpr const char* interrupted = "interrupted";  // stopped by Ctrl-C, SIGTERM or a serve stop
inline constexpr const char* deferred = "deferred";        // stopped at a rate limit that resets after [policy] max_wait

inline constexpr std::array<std::string_view, 6> all{running, ok, partial, failed, interrupted, deferred};
// True when `outcome` is one of the names above.
constexpr bool is_known(std::string_view outcome) noexcept {
    for (std::string_view name : all)
        if (name == outcome) return true;
    return false;
}
}  // namespace run_outcome

struct RunRecord {
    std::int64_t id = 0;
    std::string workflow;
    std::string started_at;
    std::string finished_at;   // "" while running (or killed)
    std::string outcome;       // one of run_outcome (running, ok, partial, failed, interrupted)
    std::string counts_json;   // {"read":..,"synced":..,"skipped":..,"failed":..}
};

class StateStore {
public:
    virtual ~StateStore() = default;

    virtual std::optional<Checkpoint> load_checkpoint(const std::string& workflow, const std::string& stream) = 0;
    virtual void save_checkpoint(const std::string& workflow, const std::string& stream, const Checkpoint& checkpoint) = 0;

    // Ledger lookups and writes are batched per page: the hot path of a
    // re-run is one lookup per page, not per record.
    virtual std::map<std::string, LedgerEntry> ledger_lookup(const std::string& workflow, const std::string& sink,
                                                             const std::vector<std::string>& keys) = 0;
    virtual void ledger_write(const std::string& workflow, const std::vector<LedgerUpdate>& updates) = 0;
    // Entries left pending by a run that died between a sink write and its ledger write.
    virtual std::vector<std::pair<std::string, LedgerEntry>> ledger_pending(const std::string& workflow) = 0;  // (sink, entry)
    virtual std::int64_t ledger_count(const std::string& workflow) = 0;

    virtual std::int64_t add_dead_letter(const DeadLetter& letter) = 0;
    virtual std::vector<DeadLetter> dead_letters(const std::string& workflow) = 0;
    virtual void remove_dead_letter(std::int64_t id) = 0;

    virtual std::int64_t begin_run(const std::string& workflow) = 0;
    // `outcome` is one of run_outcome other than `running`; any other text
    // throws std::invalid_argument and records nothing.
    virtual void finish_run(std::int64_t run_id, const std::string& outcome, const std::string& counts_json) = 0;
    virtual std::vector<RunRecord> runs(const std::string& workflow, int limit) = 0;

    // Step marks (step_marks.hpp). save_step_mark replaces the mark of
    // (workflow, mark.key, mark.step) and is durable when it returns.
    virtual std::vector<StepMark> load_step_marks(const std::string& workflow, const std::string& key) = 0;
    virtual void save_step_mark(const std::string& workflow, const StepMark& mark) = 0;
    // The marks of jobs in flight (pending and parked), oldest first.
    virtual std::vector<StepMark> open_step_marks(const std::string& workflow) = 0;

    // Forgets everything about a workflow (checkpoints, ledger, dead letters, runs, step marks).
    virtual void reset(const std::string& workflow) = 0;
    // Every workflow name the store knows.
    virtual std::vector<std::string> workflows() = 0;

    // Takes the run lock of `workflow` (workflow_lock.hpp): held by the
    // returned object until it is destroyed. Throws WorkflowBusy when
    // another live run holds it.
    virtual std::unique_ptr<WorkflowLock> lock_workflow(const std::string& workflow, const LockWait& wait) = 0;
};

// Opens (creating if needed, with parent folders) a SQLite store in WAL mode.
// Throws std::runtime_error naming the path on failure.
std::unique_ptr<StateStore> open_sqlite_state_store(const std::filesystem::path& path);

}  // namespace photobridge::state
