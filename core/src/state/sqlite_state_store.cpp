#include "state/sqlite_state_store.hpp"
#include "state/workflow_lock_file.hpp"

#include "state/sqlite_schema.hpp"
#include "state/utc_timestamp.hpp"

#include <sqlite3.h>

#include <bit>
#include <stdexcept>
#include <string>
#include <system_error>

namespace photobridge::state {
namespace {

using sqlite::Statement;
using sqlite::StatementUse;
using sqlite::Transaction;

// Connection settings, applied on every open (they are not stored in the
// file, except journal_mode=WAL which persists).
void configure_connection(sqlite::Database& db, int busy_timeout_ms) {
    db.check(sqlite3_busy_timeout(db.handle(), busy_timeout_ms), "set busy_timeout");
    const auto mode = db.query_text("PRAGMA journal_mode = WAL", "set journal_mode=WAL");
    if (!mode || *mode != "wal")
        db.fail_with("cannot use WAL mode (journal_mode is '" + mode.value_or("?") +
                     "'); is the file on a network or read-only file system?");
    db.exec("PRAGMA synchronous = NORMAL", "set synchronous=NORMAL");
    db.exec("PRAGMA temp_store = MEMORY", "set temp_store");
    // 8 MiB page cache: the hot part of a large ledger, bounded memory.
    db.exec("PRAGMA cache_size = -8192", "set cache_size");
    // Checkpoint the WAL into the database every 10,000 pages (~40 MiB)
    // rather than SQLite's 1,000: with synchronous=NORMAL each checkpoint
    // is where the fsyncs happen, and at 1,000 pages a first run spent most
    // of its ledger time in them. The WAL file is truncated back to 64 MiB
    // at most after a checkpoint, and removed when the last connection closes.
    db.exec("PRAGMA wal_autocheckpoint = 10000", "set wal_autocheckpoint");
    db.exec("PRAGMA journal_size_limit = 67108864", "set journal_size_limit");
}

std::unique_ptr<sqlite::Database> open_database(const std::filesystem::path& path, int busy_timeout_ms) {
    if (path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec)
            throw sqlite::SqliteError("state database " + path.string() + ": cannot create folder " +
                                          path.parent_path().string() + ": " + ec.message(),
                                      SQLITE_CANTOPEN);
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw sqlite::SqliteError("state database " + path.string() + ": is a directory, not a file",
                                  SQLITE_CANTOPEN);
    auto db = std::make_unique<sqlite::Database>(path);
    configure_connection(*db, busy_timeout_ms);
    sqlite::migrate_state_schema(*db);
    return db;
}

LedgerEntry entry_from_row(const Statement& s, int first) {
    LedgerEntry e;
    e.key = s.column_text(first);
    e.content_hash = s.column_text(first + 1);
    e.status = ledger_status_from_name(s.column_text(first + 2));
    e.result_id = s.column_text(first + 3);
    e.updated_at = s.column_text(first + 4);
    return e;
}

Checkpoint checkpoint_from_row(const Statement& s, int first) {
    Checkpoint c;
    c.cursor = s.column_optional_text(first);
    c.pages = s.column_int(first + 1);
    c.records = s.column_int(first + 2);
    c.high_water = s.column_optional_text(first + 3);
    c.complete = s.column_int(first + 4) != 0;
    return c;
}

std::size_t bucket_for(std::size_t count) { return std::bit_ceil(count); }

}  // namespace

SqliteStateStore::SqliteStateStore(const std::filesystem::path& path, int busy_timeout_ms)
    : path_(path), db_(open_database(path, busy_timeout_ms)), statements_(std::make_unique<sqlite::StatementCache>(*db_)) {}

SqliteStateStore::~SqliteStateStore() {
    // Statements before the connection they were prepared on.
    for (auto& s : lookup_by_bucket_log2_) s.reset();
    statements_.reset();
    db_.reset();
}

std::string SqliteStateStore::location() const { return path_.string(); }

void SqliteStateStore::remember_workflow(const std::string& workflow, const std::string& now) {
    StatementUse s(statements_->get("INSERT OR IGNORE INTO workflows (name, first_seen_at) VALUES (?1, ?2)"));
    s->bind(1, workflow);
    s->bind(2, now);
    s->run();
}

// --- checkpoints ------------------------------------------------------------

std::optional<Checkpoint> SqliteStateStore::load_checkpoint(const std::string& workflow, const std::string& stream) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(
        "SELECT cursor, pages, records, high_water, complete FROM checkpoints WHERE workflow = ?1 AND stream = ?2"));
    s->bind(1, workflow);
    s->bind(2, stream);
    if (!s->step()) return std::nullopt;
    return checkpoint_from_row(*s, 0);
}

void SqliteStateStore::save_checkpoint(const std::string& workflow, const std::string& stream,
                                       const Checkpoint& checkpoint) {
    std::lock_guard lock(mutex_);
    const std::string now = utc_timestamp_now();
    Transaction transaction(*db_, Transaction::Kind::immediate);
    remember_workflow(workflow, now);
    StatementUse s(statements_->get(
        "INSERT INTO checkpoints (workflow, stream, cursor, pages, records, high_water, complete, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT (workflow, stream) DO UPDATE SET cursor = excluded.cursor, pages = excluded.pages, "
        "records = excluded.records, high_water = excluded.high_water, complete = excluded.complete, "
        "updated_at = excluded.updated_at"));
    s->bind(1, workflow);
    s->bind(2, stream);
    s->bind_optional(3, checkpoint.cursor);
    s->bind(4, checkpoint.pages);
    s->bind(5, checkpoint.records);
    s->bind_optional(6, checkpoint.high_water);
    s->bind(7, std::int64_t{checkpoint.complete ? 1 : 0});
    s->bind(8, now);
    s->run();
    transaction.commit();
}

std::vector<StreamCheckpoint> SqliteStateStore::checkpoints(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get("SELECT stream, cursor, pages, records, high_water, complete, updated_at "
                                    "FROM checkpoints WHERE workflow = ?1 ORDER BY stream"));
    s->bind(1, workflow);
    std::vector<StreamCheckpoint> out;
    while (s->step()) out.push_back({s->column_text(0), checkpoint_from_row(*s, 1), s->column_text(6)});
    return out;
}

// --- ledger -----------------------------------------------------------------

Statement& SqliteStateStore::lookup_statement(std::size_t bucket) {
    const auto slot = static_cast<std::size_t>(std::countr_zero(bucket));
    auto& statement = lookup_by_bucket_log2_.at(slot);
    if (!statement) {
        std::string sql =
            "SELECT key, content_hash, status, result_id, updated_at FROM ledger "
            "WHERE workflow = ?1 AND sink = ?2 AND key IN (";
        for (std::size_t i = 0; i < bucket; ++i) sql += (i ? ",?" : "?") + std::to_string(i + 3);
        sql += ")";
        statement = std::make_unique<Statement>(*db_, sql);
    }
    return *statement;
}

void SqliteStateStore::lookup_chunk(const std::string& workflow, const std::string& sink, const std::string* keys,
                                    std::size_t count, std::map<std::string, LedgerEntry>& out) {
    const std::size_t bucket = bucket_for(count);
    StatementUse s(lookup_statement(bucket));
    s->bind(1, workflow);
    s->bind(2, sink);
    // Unbound parameters are NULL, and `key IN (.., NULL)` never matches
    // NULL, so the padding up to the bucket needs no binding.
    for (std::size_t i = 0; i < count; ++i) s->bind(static_cast<int>(i + 3), keys[i]);
    while (s->step()) {
        LedgerEntry e = entry_from_row(*s, 0);
        std::string key = e.key;
        out.insert_or_assign(std::move(key), std::move(e));
    }
}

std::map<std::string, LedgerEntry> SqliteStateStore::ledger_lookup(const std::string& workflow,
                                                                   const std::string& sink,
                                                                   const std::vector<std::string>& keys) {
    std::map<std::string, LedgerEntry> out;
    if (keys.empty()) return out;
    std::lock_guard lock(mutex_);
    if (keys.size() <= kMaxLookupChunk) {
        lookup_chunk(workflow, sink, keys.data(), keys.size(), out);
        return out;
    }
    // Several statements: one read transaction, so they see one snapshot.
    Transaction snapshot(*db_, Transaction::Kind::deferred);
    for (std::size_t first = 0; first < keys.size(); first += kMaxLookupChunk)
        lookup_chunk(workflow, sink, keys.data() + first, std::min(kMaxLookupChunk, keys.size() - first), out);
    snapshot.commit();
    return out;
}

void SqliteStateStore::ledger_write(const std::string& workflow, const std::vector<LedgerUpdate>& updates) {
    if (updates.empty()) return;
    std::lock_guard lock(mutex_);
    const std::string now = utc_timestamp_now();
    Transaction transaction(*db_, Transaction::Kind::immediate);
    remember_workflow(workflow, now);
    Statement& s = statements_->get(
        "INSERT INTO ledger (workflow, sink, key, content_hash, status, result_id, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (workflow, sink, key) DO UPDATE SET content_hash = excluded.content_hash, "
        "status = excluded.status, "
        "result_id = CASE WHEN excluded.result_id <> '' THEN excluded.result_id ELSE ledger.result_id END, "
        "updated_at = excluded.updated_at");
    for (const LedgerUpdate& u : updates) {
        StatementUse use(s);
        s.bind(1, workflow);
        s.bind(2, u.sink);
        s.bind(3, u.key);
        s.bind(4, u.content_hash);
        s.bind(5, std::string_view(ledger_status_name(u.status)));
        s.bind(6, u.result_id);
        s.bind(7, now);
        s.run();
    }
    transaction.commit();
}

std::vector<std::pair<std::string, LedgerEntry>> SqliteStateStore::ledger_pending(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(
        "SELECT sink, key, content_hash, status, result_id, updated_at FROM ledger "
        "WHERE workflow = ?1 AND status = 'pending' ORDER BY sink, key"));
    s->bind(1, workflow);
    std::vector<std::pair<std::string, LedgerEntry>> out;
    while (s->step()) out.emplace_back(s->column_text(0), entry_from_row(*s, 1));
    return out;
}

std::int64_t SqliteStateStore::ledger_count(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get("SELECT count(*) FROM ledger WHERE workflow = ?1"));
    s->bind(1, workflow);
    return s->step() ? s->column_int(0) : 0;
}

std::vector<LedgerSinkCounts> SqliteStateStore::ledger_counts(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(
        "SELECT sink, sum(status = 'done'), sum(status = 'pending'), max(updated_at) FROM ledger "
        "WHERE workflow = ?1 GROUP BY sink ORDER BY sink"));
    s->bind(1, workflow);
    std::vector<LedgerSinkCounts> out;
    while (s->step()) out.push_back({s->column_text(0), s->column_int(1), s->column_int(2), s->column_text(3)});
    return out;
}

// --- dead letters -----------------------------------------------------------

std::int64_t SqliteStateStore::add_dead_letter(const DeadLetter& letter) {
    std::lock_guard lock(mutex_);
    const std::string now = utc_timestamp_now();
    Transaction transaction(*db_, Transaction::Kind::immediate);
    remember_workflow(letter.workflow, now);
    StatementUse s(statements_->get(
        "INSERT INTO dead_letters (workflow, sink, key, code, http_status, error, record_json, attempts, "
        "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) "
        "ON CONFLICT (workflow, sink, key) DO UPDATE SET code = excluded.code, "
        "http_status = excluded.http_status, error = excluded.error, record_json = excluded.record_json, "
        "attempts = dead_letters.attempts + excluded.attempts, updated_at = excluded.updated_at "
        "RETURNING id"));
    s->bind(1, letter.workflow);
    s->bind(2, letter.sink);
    s->bind(3, letter.key);
    s->bind(4, std::int64_t{letter.code});
    s->bind(5, std::int64_t{letter.http_status});
    s->bind(6, letter.error);
    s->bind(7, letter.record_json);
    s->bind(8, std::int64_t{letter.attempts});
    s->bind(9, now);
    if (!s->step()) db_->fail_with("add dead letter: the insert returned no id");
    const std::int64_t id = s->column_int(0);
    s->run();  // finish the statement before committing
    transaction.commit();
    return id;
}

std::vector<DeadLetter> SqliteStateStore::dead_letters(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(
        "SELECT id, workflow, sink, key, code, http_status, error, record_json, attempts, created_at "
        "FROM dead_letters WHERE workflow = ?1 ORDER BY id"));
    s->bind(1, workflow);
    std::vector<DeadLetter> out;
    while (s->step()) {
        DeadLetter d;
        d.id = s->column_int(0);
        d.workflow = s->column_text(1);
        d.sink = s->column_text(2);
        d.key = s->column_text(3);
        d.code = static_cast<std::int32_t>(s->column_int(4));
        d.http_status = static_cast<int>(s->column_int(5));
        d.error = s->column_text(6);
        d.record_json = s->column_text(7);
        d.attempts = static_cast<int>(s->column_int(8));
        d.created_at = s->column_text(9);
        out.push_back(std::move(d));
    }
    return out;
}

void SqliteStateStore::remove_dead_letter(std::int64_t id) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get("DELETE FROM dead_letters WHERE id = ?1"));
    s->bind(1, id);
    s->run();
}

std::int64_t SqliteStateStore::dead_letter_count(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get("SELECT count(*) FROM dead_letters WHERE workflow = ?1"));
    s->bind(1, workflow);
    return s->step() ? s->column_int(0) : 0;
}

// --- runs -------------------------------------------------------------------

std::int64_t SqliteStateStore::begin_run(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    const std::string now = utc_timestamp_now();
    Transaction transaction(*db_, Transaction::Kind::immediate);
    remember_workflow(workflow, now);
    StatementUse s(statements_->get(
        "INSERT INTO runs (workflow, started_at, outcome, counts_json) VALUES (?1, ?2, ?3, '{}') "
        "RETURNING id"));
    s->bind(1, workflow);
    s->bind(2, now);
    s->bind(3, std::string_view(run_outcome::running));
    if (!s->step()) db_->fail_with("begin run: the insert returned no id");
    const std::int64_t id = s->column_int(0);
    s->run();
    transaction.commit();
    return id;
}

void SqliteStateStore::finish_run(std::int64_t run_id, const std::string& outcome, const std::string& counts_json) {
    if (!run_outcome::is_known(outcome) || outcome == run_outcome::running)
        throw std::invalid_argument(std::string("not the outcome of a finished run: ").append(outcome));
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(
        "UPDATE runs SET finished_at = ?2, outcome = ?3, counts_json = ?4 WHERE id = ?1"));
    s->bind(1, run_id);
    s->bind(2, utc_timestamp_now());
    s->bind(3, outcome);
    s->bind(4, counts_json);
    s->run();
}

std::vector<RunRecord> SqliteStateStore::runs(const std::string& workflow, int limit) {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get(
        "SELECT id, workflow, started_at, finished_at, outcome, counts_json FROM runs "
        "WHERE workflow = ?1 ORDER BY id DESC LIMIT ?2"));
    s->bind(1, workflow);
    s->bind(2, std::int64_t{limit > 0 ? limit : -1});
    std::vector<RunRecord> out;
    while (s->step())
        out.push_back({s->column_int(0), s->column_text(1), s->column_text(2), s->column_text(3), s->column_text(4),
                       s->column_text(5)});
    return out;
}

// --- whole workflows --------------------------------------------------------

void SqliteStateStore::reset(const std::string& workflow) {
    std::lock_guard lock(mutex_);
    Transaction transaction(*db_, Transaction::Kind::immediate);
    for (const char* sql : {"DELETE FROM checkpoints WHERE workflow = ?1", "DELETE FROM ledger WHERE workflow = ?1",
                            "DELETE FROM dead_letters WHERE workflow = ?1", "DELETE FROM runs WHERE workflow = ?1",
                            "DELETE FROM webhook_events WHERE workflow = ?1", "DELETE FROM step_marks WHERE workflow = ?1",
                            "DELETE FROM schedule_slots WHERE workflow = ?1",
                            "DELETE FROM workflows WHERE name = ?1"}) {
        StatementUse s(statements_->get(sql));
        s->bind(1, workflow);
        s->run();
    }
    transaction.commit();
}

std::vector<std::string> SqliteStateStore::workflows() {
    std::lock_guard lock(mutex_);
    StatementUse s(statements_->get("SELECT name FROM workflows ORDER BY name"));
    std::vector<std::string> out;
    while (s->step()) out.push_back(s->column_text(0));
    return out;
}

std::unique_ptr<WorkflowLock> SqliteStateStore::lock_workflow(const std::string& workflow, const LockWait& wait) {
    return lock_workflow_file(path_, workflow, wait);
}

std::unique_ptr<StateStore> open_sqlite_state_store(const std::filesystem::path& path) {
    return std::make_unique<SqliteStateStore>(path);
}

}  // namespace photobridge::state
