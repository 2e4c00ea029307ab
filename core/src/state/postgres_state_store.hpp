// The shared state store: a PostgreSQL database, reached with libpq, with
// the same interface, semantics and guarantees as the SQLite store
// (sqlite_state_store.hpp, whose "Behaviour beyond" notes hold here word
// for word). Schema: postgres_schema.hpp and sdk-docs/state.md.
//
// Thread contract: one connection guarded by one mutex; every public method
// may be called from any thread and runs alone. Several processes and
// hosts may open the same database: each call that writes rows is one
// statement or one transaction, so PostgreSQL's row locks serialise them.
//
// Crash safety: a call's rows are committed together or not at all
// (single statements, or BEGIN..COMMIT); a committed call survives a crash
// of this process and, with the server's default synchronous_commit, of
// the server.
//
// The workflow lock is a lease with a fencing token, shared by every host
// (postgres_workflow_lease.hpp): while this store holds a workflow's lease,
// its ledger_write and save_checkpoint for that workflow commit only if
// the lease is still its own, else throw LeaseLost.
//
// Secrets: the connection URI is kept only to open lock connections; it
// never appears in messages (location() is redacted).
#pragma once

#include "state/postgres_connection.hpp"
#include "state/state_backend.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

namespace photobridge::state {

namespace postgres {
class LeaseFences;
}

struct PostgresStoreOptions {
    // How long a workflow lease stands without renewal (renewed every
    // third of it): how soon another host may take over from a holder that
    // stopped renewing without ending its session.
    std::chrono::milliseconds lease_duration{30000};
};

class PostgresStateStore final : public StateBackend {
public:
    // Connects to `uri` and migrates the schema. Throws postgres::PostgresError.
    explicit PostgresStateStore(const std::string& uri, PostgresStoreOptions options = {});
    // The store at `uri` when its schema exists (never creating it), else nullptr.
    static std::unique_ptr<PostgresStateStore> open_existing(const std::string& uri);
    ~PostgresStateStore() override;

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

    // Step marks (postgres_step_marks.cpp)
    std::vector<StepMark> load_step_marks(const std::string& workflow, const std::string& key) override;
    void save_step_mark(const std::string& workflow, const StepMark& mark) override;
    std::vector<StepMark> open_step_marks(const std::string& workflow) override;

    void reset(const std::string& workflow) override;
    std::vector<std::string> workflows() override;
    std::unique_ptr<WorkflowLock> lock_workflow(const std::string& workflow, const LockWait& wait) override;

    // StateInspection
    std::vector<StreamCheckpoint> checkpoints(const std::string& workflow) override;
    std::vector<LedgerSinkCounts> ledger_counts(const std::string& workflow) override;
    std::int64_t dead_letter_count(const std::string& workflow) override;
    std::string location() const override;

    // WebhookEventStore (postgres_webhook_events.cpp)
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
    struct Connected {};
    PostgresStateStore(Connected, std::string uri, std::unique_ptr<postgres::Connection> connection);

    std::string uri_;  // secret: may hold a password; only for lease connections
    PostgresStoreOptions options_;
    std::string holder_;  // "photobridge pid N on HOST": this process in leases and claims
    std::shared_ptr<postgres::LeaseFences> fences_;
    std::mutex mutex_;
    std::unique_ptr<postgres::Connection> db_;
};

// The head of every statement that writes a workflow's rows, with the
// workflow as $1: the workflow joins the list workflows() returns. A CTE of
// the write itself, so the pair is one statement (one round trip, atomic
// without BEGIN).
inline constexpr const char* kPostgresRememberWorkflow =
    "WITH remembered AS (INSERT INTO workflows (name, first_seen_at) VALUES ($1, now()) "
    "ON CONFLICT (name) DO NOTHING) ";

// An ISO 8601 UTC text with milliseconds ("2024-05-01T12:00:00.123Z", as
// the SQLite store writes) from a timestamptz column or expression.
std::string postgres_iso_timestamp(const std::string& column);

}  // namespace photobridge::state
