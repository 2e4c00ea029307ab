#include "state/postgres_state_store.hpp"

#include "state/json_parameters.hpp"
#include "state/postgres_schema.hpp"
#include "state/postgres_workflow_lease.hpp"
#include "state/process_holder.hpp"

#include <boost/json.hpp>

#include <stdexcept>

namespace photobridge::state {
namespace {

using postgres::Connection;
using postgres::Param;
using postgres::Result;
using postgres::Transaction;


LedgerEntry entry_from_row(const Result& r, int row, int first) {
    LedgerEntry e;
    e.key = r.text(row, first);
    e.content_hash = r.text(row, first + 1);
    e.status = ledger_status_from_name(r.text(row, first + 2));
    e.result_id = r.text(row, first + 3);
    e.updated_at = r.text(row, first + 4);
    return e;
}

Checkpoint checkpoint_from_row(const Result& r, int row, int first) {
    Checkpoint c;
    c.cursor = r.optional_text(row, first);
    c.pages = r.integer(row, first + 1);
    c.records = r.integer(row, first + 2);
    c.high_water = r.optional_text(row, first + 3);
    c.complete = r.text(row, first + 4) == "t";
    return c;
}

Param optional_param(const std::optional<std::string>& value) { return value; }

// The updates of one ledger_write as one JSON array for jsonb_to_recordset:
// one statement whatever the batch size. An INSERT .. ON CONFLICT may touch
// a row once per statement, so repeated (sink, key) pairs are folded into
// their last update first, keeping an earlier result_id where the later
// one is "" (what applying them one by one would leave).
std::string ledger_updates_json(const std::vector<LedgerUpdate>& updates) {
    std::map<std::pair<std::string, std::string>, LedgerUpdate> last;
    std::vector<std::pair<std::string, std::string>> order;
    for (const LedgerUpdate& u : updates) {
        auto key = std::make_pair(u.sink, u.key);
        auto [it, inserted] = last.try_emplace(key, u);
        if (inserted) {
            order.push_back(std::move(key));
            continue;
        }
        std::string kept_result = it->second.result_id;
        it->second = u;
        if (it->second.result_id.empty()) it->second.result_id = std::move(kept_result);
    }
    boost::json::array rows;
    rows.reserve(order.size());
    for (const auto& key : order) {
        const LedgerUpdate& u = last.at(key);
        rows.push_back(boost::json::object{{"sink", u.sink},
                                           {"key", u.key},
                                           {"content_hash", u.content_hash},
                                           {"status", ledger_status_name(u.status)},
                                           {"result_id", u.result_id}});
    }
    return boost::json::serialize(rows);
}

// The fencing CTE: the row of the workflow's lease while it still carries
// this holder's token (the last parameter; NULL when the store holds no
// lease of the workflow: a write outside a run, e.g. `state` commands),
// read FOR SHARE so that no take-over commits between the check and the
// write.
std::string fence_cte(int token_parameter) {
    const std::string p = "$" + std::to_string(token_parameter);
    return ", fence AS (SELECT 1 FROM workflow_leases WHERE workflow = $1 AND token = " + p + "::bigint FOR SHARE) ";
}

Param fence_param(const std::optional<std::int64_t>& token) {
    return token ? Param(std::to_string(*token)) : Param();
}

[[noreturn]] void throw_lease_lost(const std::string& workflow, const char* what) {
    throw LeaseLost("workflow '" + workflow + "': " + what +
                    " not written: its lease was taken over by another host (this run stopped renewing it); "
                    "that host's run carries on");
}

}  // namespace

std::string postgres_iso_timestamp(const std::string& column) {
    return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

PostgresStateStore::PostgresStateStore(const std::string& uri, PostgresStoreOptions options)
    : uri_(uri),
      options_(options),
      holder_(process_holder_name()),
      fences_(std::make_shared<postgres::LeaseFences>()),
      db_(std::make_unique<Connection>(uri, holder_)) {
    postgres::migrate_state_schema(*db_);
}

PostgresStateStore::PostgresStateStore(Connected, std::string uri, std::unique_ptr<Connection> connection)
    : uri_(std::move(uri)),
      holder_(process_holder_name()),
      fences_(std::make_shared<postgres::LeaseFences>()),
      db_(std::move(connection)) {}

std::unique_ptr<PostgresStateStore> PostgresStateStore::open_existing(const std::string& uri) {
    auto connection = std::make_unique<Connection>(uri, process_holder_name());
    const int version = postgres::state_schema_version(*connection);
    if (version == 0) return nullptr;
    // An older schema is brought up to date, a newer one refused, as when
    // a run opens the store.
    postgres::migrate_state_schema(*connection);
    return std::unique_ptr<PostgresStateStore>(new PostgresStateStore(Connected{}, uri, std::move(connection)));
}

PostgresStateStore::~PostgresStateStore() = default;

std::string PostgresStateStore::location() const { return db_->location(); }

// --- checkpoints ------------------------------------------------------------

std::optional<Checkpoint> PostgresStateStore::load_checkpoint(const std::string& workflow, const std::string& stream) {
    std::lock_guard lock(mutex_);
    const Result r = db_->run(
        "SELECT cursor, pages, records, high_water, complete FROM checkpoints WHERE workflow = $1 AND stream = $2",
        {workflow, stream}, "load checkpoint");
    if (r.rows() == 0) return std::nullopt;
    return checkpoint_from_row(r, 0, 0);
}

void PostgresStateStore::save_checkpoint(const std::string& workflow, const std::string& stream,
                                         const Checkpoint& checkpoint) {
    const auto fence = fences_->token(workflow);
    std::lock_guard lock(mutex_);
    const Result r = db_->run(
        std::string(kPostgresRememberWorkflow) + fence_cte(8) +
            "INSERT INTO checkpoints (workflow, stream, cursor, pages, records, high_water, complete, updated_at) "
            "SELECT $1, $2, $3, $4::bigint, $5::bigint, $6, $7::boolean, now() WHERE $8::bigint IS NULL OR EXISTS (SELECT 1 FROM fence) "
            "ON CONFLICT (workflow, stream) DO UPDATE SET cursor = excluded.cursor, pages = excluded.pages, "
            "records = excluded.records, high_water = excluded.high_water, complete = excluded.complete, "
            "updated_at = excluded.updated_at",
        {workflow, stream, optional_param(checkpoint.cursor), std::to_string(checkpoint.pages),
         std::to_string(checkpoint.records), optional_param(checkpoint.high_water),
         std::string(checkpoint.complete ? "true" : "false"), fence_param(fence)},
        "save checkpoint");
    if (r.affected() == 0) throw_lease_lost(workflow, "checkpoint");
}

std::vector<StreamCheckpoint> PostgresStateStore::checkpoints(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    const Result r = db_->run("SELECT stream, cursor, pages, records, high_water, complete, " +
                                  postgres_iso_timestamp("updated_at") +
                                  " FROM checkpoints WHERE workflow = $1 ORDER BY stream COLLATE \"C\"",
                              {workflow}, "read checkpoints");
    std::vector<StreamCheckpoint> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), checkpoint_from_row(r, i, 1), r.text(i, 6)});
    return out;
}

// --- ledger -----------------------------------------------------------------

std::map<std::string, LedgerEntry> PostgresStateStore::ledger_lookup(const std::string& workflow,
                                                                     const std::string& sink,
                                                                     const std::vector<std::string>& keys) {
    std::map<std::string, LedgerEntry> out;
    if (keys.empty()) return out;
    const std::string wanted = json_text_array(keys);
    std::lock_guard lock(mutex_);
    // One index probe per key, whatever the table's statistics say: the
    // LATERAL subquery (kept apart by OFFSET 0) is run per key on the unique
    // index (workflow, sink, key). As a plain IN or join, a ledger that
    // grew before its first ANALYZE was scanned whole for each page.
    const Result r = db_->run(
        "SELECT l.key, l.content_hash, l.status, l.result_id, " + postgres_iso_timestamp("l.updated_at") +
            " FROM jsonb_array_elements_text($3::jsonb) AS wanted(key) CROSS JOIN LATERAL "
            "(SELECT key, content_hash, status, result_id, updated_at FROM ledger "
            " WHERE workflow = $1 AND sink = $2 AND key = wanted.key OFFSET 0) l",
        {workflow, sink, wanted}, "look up ledger entries");
    for (int i = 0; i < r.rows(); ++i) {
        LedgerEntry e = entry_from_row(r, i, 0);
        std::string key = e.key;
        out.insert_or_assign(std::move(key), std::move(e));
    }
    return out;
}

void PostgresStateStore::ledger_write(const std::string& workflow, const std::vector<LedgerUpdate>& updates) {
    if (updates.empty()) return;
    const std::string rows = ledger_updates_json(updates);
    const auto fence = fences_->token(workflow);
    std::lock_guard lock(mutex_);
    const Result r = db_->run(
        std::string(kPostgresRememberWorkflow) + fence_cte(3) +
            "INSERT INTO ledger AS l (workflow, sink, key, content_hash, status, result_id, updated_at) "
            "SELECT $1, u.sink, u.key, u.content_hash, u.status, u.result_id, now() "
            "FROM jsonb_to_recordset($2::jsonb) AS u(sink text, key text, content_hash text, status text, "
            "result_id text) WHERE $3::bigint IS NULL OR EXISTS (SELECT 1 FROM fence) "
            "ON CONFLICT (workflow, sink, key) DO UPDATE SET content_hash = excluded.content_hash, "
            "status = excluded.status, "
            "result_id = CASE WHEN excluded.result_id <> '' THEN excluded.result_id ELSE l.result_id END, "
            "updated_at = excluded.updated_at",
        {workflow, rows, fence_param(fence)}, "write ledger entries");
    if (r.affected() == 0) throw_lease_lost(workflow, "ledger entries");
}

std::vector<std::pair<std::string, LedgerEntry>> PostgresStateStore::ledger_pending(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    const Result r = db_->run("SELECT sink, key, content_hash, status, result_id, " +
                                  postgres_iso_timestamp("updated_at") +
                                  " FROM ledger WHERE workflow = $1 AND status = 'pending' "
                                  "ORDER BY sink COLLATE \"C\", key COLLATE \"C\"",
                              {workflow}, "read pending ledger entries");
    std::vector<std::pair<std::string, LedgerEntry>> out;
    for (int i = 0; i < r.rows(); ++i) out.emplace_back(r.text(i, 0), entry_from_row(r, i, 1));
    return out;
}

std::int64_t PostgresStateStore::ledger_count(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    return db_->run("SELECT count(*) FROM ledger WHERE workflow = $1", {workflow}, "count ledger entries").integer(0, 0);
}

std::vector<LedgerSinkCounts> PostgresStateStore::ledger_counts(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    const Result r = db_->run(
        "SELECT sink, count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE status = 'pending'), " +
            postgres_iso_timestamp("max(updated_at)") +
            " FROM ledger WHERE workflow = $1 GROUP BY sink ORDER BY sink COLLATE \"C\"",
        {workflow}, "count ledger entries");
    std::vector<LedgerSinkCounts> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.integer(i, 1), r.integer(i, 2), r.text(i, 3)});
    return out;
}

// --- dead letters -----------------------------------------------------------

std::int64_t PostgresStateStore::add_dead_letter(const DeadLetter& letter) {
    std::lock_guard lock(mutex_);
    return db_
        ->run(std::string(kPostgresRememberWorkflow) +
                  "INSERT INTO dead_letters AS d (workflow, sink, key, code, http_status, error, record_json, attempts, "
                  "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), now()) "
                  "ON CONFLICT (workflow, sink, key) DO UPDATE SET code = excluded.code, "
                  "http_status = excluded.http_status, error = excluded.error, record_json = excluded.record_json, "
                  "attempts = d.attempts + excluded.attempts, updated_at = excluded.updated_at "
                  "RETURNING id",
              {letter.workflow, letter.sink, letter.key, std::to_string(letter.code),
               std::to_string(letter.http_status), letter.error, letter.record_json, std::to_string(letter.attempts)},
              "add dead letter")
        .integer(0, 0);
}

std::vector<DeadLetter> PostgresStateStore::dead_letters(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    const Result r = db_->run("SELECT id, workflow, sink, key, code, http_status, error, record_json, attempts, " +
                                  postgres_iso_timestamp("created_at") +
                                  " FROM dead_letters WHERE workflow = $1 ORDER BY id",
                              {workflow}, "read dead letters");
    std::vector<DeadLetter> out;
    for (int i = 0; i < r.rows(); ++i) {
        DeadLetter d;
        d.id = r.integer(i, 0);
        d.workflow = r.text(i, 1);
        d.sink = r.text(i, 2);
        d.key = r.text(i, 3);
        d.code = static_cast<std::int32_t>(r.integer(i, 4));
        d.http_status = static_cast<int>(r.integer(i, 5));
        d.error = r.text(i, 6);
        d.record_json = r.text(i, 7);
        d.attempts = static_cast<int>(r.integer(i, 8));
        d.created_at = r.text(i, 9);
        out.push_back(std::move(d));
    }
    return out;
}

void PostgresStateStore::remove_dead_letter(std::int64_t id) {
    std::lock_guard lock(mutex_);
    db_->run("DELETE FROM dead_letters WHERE id = $1", {std::to_string(id)}, "remove dead letter");
}

std::int64_t PostgresStateStore::dead_letter_count(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    return db_->run("SELECT count(*) FROM dead_letters WHERE workflow = $1", {workflow}, "count dead letters")
        .integer(0, 0);
}

// --- runs -------------------------------------------------------------------

std::int64_t PostgresStateStore::begin_run(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    return db_
        ->run(std::string(kPostgresRememberWorkflow) +
                  "INSERT INTO runs (workflow, started_at, outcome, counts_json) VALUES ($1, now(), $2, '{}') "
                  "RETURNING id",
              {workflow, std::string(run_outcome::running)}, "begin run")
        .integer(0, 0);
}

void PostgresStateStore::finish_run(std::int64_t run_id, const std::string& outcome, const std::string& counts_json) {
    if (!run_outcome::is_known(outcome) || outcome == run_outcome::running)
        throw std::invalid_argument(std::string("not the outcome of a finished run: ").append(outcome));
    std::lock_guard lock(mutex_);
    db_->run("UPDATE runs SET finished_at = now(), outcome = $2, counts_json = $3 WHERE id = $1",
             {std::to_string(run_id), outcome, counts_json}, "finish run");
}

std::vector<RunRecord> PostgresStateStore::runs(const std::string& workflow, int limit) {
    std::lock_guard lock(mutex_);
    const Result r = db_->run("SELECT id, workflow, " + postgres_iso_timestamp("started_at") + ", " +
                                  "coalesce(" + postgres_iso_timestamp("finished_at") + ", ''), outcome, counts_json " +
                                  "FROM runs WHERE workflow = $1 ORDER BY id DESC LIMIT $2::bigint",
                              {workflow, limit > 0 ? Param(std::to_string(limit)) : Param()}, "read runs");
    std::vector<RunRecord> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.integer(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5)});
    return out;
}

// --- whole workflows --------------------------------------------------------

void PostgresStateStore::reset(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    Transaction transaction(*db_);
    for (const char* sql : {"DELETE FROM checkpoints WHERE workflow = $1", "DELETE FROM ledger WHERE workflow = $1",
                            "DELETE FROM dead_letters WHERE workflow = $1", "DELETE FROM runs WHERE workflow = $1",
                            "DELETE FROM webhook_events WHERE workflow = $1",
                            "DELETE FROM step_marks WHERE workflow = $1", "DELETE FROM schedule_slots WHERE workflow = $1",
                            "DELETE FROM workflows WHERE name = $1"})
        db_->run(sql, {workflow}, "reset workflow");
    transaction.commit();
}

std::vector<std::string> PostgresStateStore::workflows() {
    std::lock_guard lock(mutex_);
    const Result r = db_->run("SELECT name FROM workflows ORDER BY name COLLATE \"C\"", {}, "list workflows");
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
    return out;
}

std::unique_ptr<WorkflowLock> PostgresStateStore::lock_workflow(const std::string& workflow, const LockWait& wait) {
    return postgres::take_workflow_lease(uri_, workflow, holder_, options_.lease_duration, wait, fences_);
}

}  // namespace photobridge::state
