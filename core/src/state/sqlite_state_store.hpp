// The embedded state store: one SQLite file (default .photobridge/state.db)
// in WAL mode with synchronous=NORMAL and a busy timeout, schema versioned
// by sqlite_schema.hpp. Schema and guarantees: sdk-docs/state.md.
//
// Thread contract: one connection guarded by one mutex; every public method
// may be called from any thread and runs alone. Several processes may open
// the same file: SQLite's locks serialise their writes (a writer waits up
// to kBusyTimeoutMs for another, then fails naming the file).
//
// Crash safety: every method that writes more than one row does so in one
// transaction, so a process killed at any instant (SIGKILL included) leaves
// either all of a call's rows or none of them; with WAL and
// synchronous=NORMAL a committed transaction survives a process crash (an
// OS crash or power loss may lose the last transactions, never consistency).
//
// Behaviour beyond state_store.hpp's comments:
//  - ledger_write: an update whose result_id is "" keeps the entry's
//    existing result_id (so a pending mark before a re-sync does not forget
//    where the previous version went).
//  - add_dead_letter: one letter per (workflow, sink, key). A record that
//    fails again updates its letter (error, code, http status, record) and
//    adds its attempts; the letter keeps its id and created_at.
//  - finish_run on an id that no longer exists (the workflow was reset
//    meanwhile) does nothing.
//  - runs(workflow, limit): newest first; limit <= 0 means all.
//  - reset(workflow) forgets its webhook events and step marks too.
#pragma once

#include "state/sqlite_handle.hpp"
#include "state/sqlite_statement_cache.hpp"
#include "state/state_backend.hpp"

#include <array>
#include <filesystem>
#include <memory>
#include <mutex>

namespace photobridge::state {

class SqliteStateStore final : public StateBackend {
public:
    static constexpr int kBusyTimeoutMs = 5000;
    // Most keys one ledger lookup statement binds; larger batches are split
    // into chunks read in one read transaction.
    static constexpr std::size_t kMaxLookupChunk = 256;

    // Opens (creating the file and its parent folders) and migrates the
    // schema. Throws std::runtime_error (sqlite::SqliteError) naming the path.
    // busy_timeout_ms: how long a statement waits for another connection's
    // lock before failing with "database is locked".
    explicit SqliteStateStore(const std::filesystem::path& path, int busy_timeout_ms = kBusyTimeoutMs);
    ~SqliteStateStore() override;

    std::optional<Checkpoint> load_checkpoint(const std::string& workflow, const std::string& stream) override;
    void save_checkpoint(const std::string& workflow, const std::string& stream, const Checkpoint& checkpoint) override;

    std::map<std::string, LedgerEntry> ledger_lookup(const std::string& workflow, const std::string& sink,
                                                     const std::vector<std::string>& keys) override;
    void ledger_write(const std::string& workflow, const std::vector<LedgerUpdate>& updates) override;
    std::vector<std::pair<std::string, LedgerEntry>> ledger_pending(const std::string& workflow) override;
    std::int64_t ledger_count(const std::string& workflow) override;

    std::int64_t add_dead_letter(const DeadLetter& letter) override;
    std::vector<DeadLetter> dead_letters(const std::string& workflow) override;
    void remove_dead_letter(std::int64_t id) override;

    std::int64_t begin_run(const std::string& workflow) override;
    void finish_run(std::int64_t run_id, const std::string& outcome, const std::string& counts_json) override;
    std::vector<RunRecord> runs(const std::string& workflow, int limit) override;

    // Step marks (defined in sqlite_step_marks.cpp)
    std::vector<StepMark> load_step_marks(const std::string& workflow, const std::string& key) override;
    void save_step_mark(const std::string& workflow, const StepMark& mark) override;
    std::vector<StepMark> open_step_marks(const std::string& workflow) override;
    void reset(const std::string& workflow) override;
    std::vector<std::string> workflows() override;
    // A file lock beside the database (workflow_lock_file.hpp).
    std::unique_ptr<WorkflowLock> lock_workflow(const std::string& workflow, const LockWait& wait) override;

    // StateInspection
    std::vector<StreamCheckpoint> checkpoints(const std::string& workflow) override;
    std::vector<LedgerSinkCounts> ledger_counts(const std::string& workflow) override;
    std::int64_t dead_letter_count(const std::string& workflow) override;
    std::string location() const override;

    // WebhookEventStore (defined in sqlite_webhook_events.cpp)
    WebhookIntake add_webhook_event(const std::string& workflow, const std::string& event_key,
                                    const std::string& payload_json) override;
    std::vector<WebhookEvent> pending_webhook_events(const std::optional<std::string>& workflow) override;
    void finish_webhook_event(std::int64_t id, WebhookEventStatus status, const std::string& error) override;
    std::vector<WebhookEvent> webhook_events(const std::string& workflow) override;
    std::vector<std::int64_t> requeue_failed_webhook_events(const std::string& workflow,
                                                            const std::vector<std::int64_t>& ids) override;
    std::vector<WebhookEventCount> webhook_event_counts() override;
    std::int64_t pending_webhook_event_count() override;
    std::vector<ClaimedWebhookEvent> claim_webhook_events(const std::string& holder, std::chrono::milliseconds lease,
                                                          int limit, const std::optional<std::string>& workflow,
                                                          const std::vector<std::string>& skip_workflows) override;
    std::int64_t renew_webhook_event_claims(const std::string& holder, std::chrono::milliseconds lease) override;
    void release_webhook_event(std::int64_t id) override;
    std::vector<std::string> webhook_claim_holders() override;
    std::int64_t release_webhook_claims_of(const std::string& holder) override;
    bool claim_schedule_slot(const std::string& workflow, std::int64_t slot, const std::string& holder) override;
    void probe_write() override;

private:
    // The lookup statement for `bucket` keys (a power of two up to
    // kMaxLookupChunk); shorter chunks are padded with NULL, which matches
    // nothing, so at most log2(kMaxLookupChunk)+1 statements exist.
    sqlite::Statement& lookup_statement(std::size_t bucket);
    void lookup_chunk(const std::string& workflow, const std::string& sink, const std::string* keys,
                      std::size_t count, std::map<std::string, LedgerEntry>& out);
    void remember_workflow(const std::string& workflow, const std::string& now);

    std::filesystem::path path_;
    std::mutex mutex_;
    std::unique_ptr<sqlite::Database> db_;
    std::unique_ptr<sqlite::StatementCache> statements_;
    std::array<std::unique_ptr<sqlite::Statement>, 16> lookup_by_bucket_log2_;
};

}  // namespace photobridge::state
