#include "state/sqlite_schema.hpp"

#include <array>
#include <string>

namespace photobridge::state::sqlite {
namespace {

// Version 1: the tables of issue 5. Timestamps are ISO 8601 UTC text with
// milliseconds ("2024-05-01T12:00:00.123Z"), written by the store.
//
// The ledger is a rowid table with a unique index on (workflow, sink, key)
// rather than a WITHOUT ROWID table keyed by them: rowids follow insertion
// order, so the entries of one page sit in a few adjacent table pages, and
// the done mark that follows a pending mark rewrites those few pages and no
// index (the key columns do not change). Keyed by the text, every page of
// 200 random-looking keys dirtied ~200 pages per write (bench/RESULTS.md).
constexpr const char* kVersion1 = R"sql(
CREATE TABLE workflows (
    name          TEXT PRIMARY KEY,
    first_seen_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE checkpoints (
    workflow   TEXT NOT NULL,
    stream     TEXT NOT NULL,
    cursor     TEXT,
    pages      INTEGER NOT NULL DEFAULT 0,
    records    INTEGER NOT NULL DEFAULT 0,
    high_water TEXT,
    complete   INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (workflow, stream)
) WITHOUT ROWID;

CREATE TABLE ledger (
    id           INTEGER PRIMARY KEY,
    workflow     TEXT NOT NULL,
    sink         TEXT NOT NULL,
    key          TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'done')),
    result_id    TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX ledger_by_key ON ledger (workflow, sink, key);
CREATE INDEX ledger_pending ON ledger (workflow) WHERE status = 'pending';

CREATE TABLE dead_letters (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    workflow    TEXT NOT NULL,
    sink        TEXT NOT NULL DEFAULT '',
    key         TEXT NOT NULL,
    code        INTEGER NOT NULL DEFAULT 0,
    http_status INTEGER NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT '',
    record_json TEXT NOT NULL DEFAULT '',
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX dead_letters_by_record ON dead_letters (workflow, sink, key);

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    workflow    TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    outcome     TEXT NOT NULL DEFAULT 'running',
    counts_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX runs_by_workflow ON runs (workflow, id);
)sql";

// Version 2: `photobridge serve` (issue 6). webhook_events is the durable
// intake: an accepted webhook is committed here before its 2xx answer, and
// one row per (workflow, event_key) makes a repeated delivery a duplicate.
// health_probe holds one row that GET /healthz rewrites to prove the store
// takes writes.
constexpr const char* kVersion2 = R"sql(
CREATE TABLE webhook_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    workflow     TEXT NOT NULL,
    event_key    TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    error        TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX webhook_events_by_key ON webhook_events (workflow, event_key);
CREATE INDEX webhook_events_pending ON webhook_events (id) WHERE status = 'pending';

CREATE TABLE health_probe (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TEXT NOT NULL
);
)sql";

// Version 3: creating steps and parked waits (issue 14). One row per
// (workflow, record key, step): a creating step's result, or a waiting
// step's handle and next check (state/step_marks.hpp).
constexpr const char* kVersion3 = R"sql(
CREATE TABLE step_marks (
    workflow           TEXT NOT NULL,
    key                TEXT NOT NULL,
    step               TEXT NOT NULL,
    content_hash       TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('pending', 'parked', 'done', 'failed')),
    connection         TEXT NOT NULL DEFAULT '',
    operation          TEXT NOT NULL DEFAULT '',
    result_json        TEXT NOT NULL DEFAULT '',
    handle_json        TEXT NOT NULL DEFAULT '',
    provider_id        TEXT NOT NULL DEFAULT '',
    provider_status    TEXT NOT NULL DEFAULT '',
    next_check_unix_ms INTEGER NOT NULL DEFAULT 0,
    updated_at         TEXT NOT NULL,
    PRIMARY KEY (workflow, key, step)
) WITHOUT ROWID;
CREATE INDEX step_marks_open ON step_marks (workflow, updated_at) WHERE status IN ('pending', 'parked');
)sql";

// Version 4: several serve processes on one store (issue 15). A pending
// webhook event is claimed by the host processing it until claimed_until
// (ISO 8601 UTC text, compared as text); schedule_slots records which host
// started a schedule's run of each period, so it starts once.
constexpr const char* kVersion4 = R"sql(
ALTER TABLE webhook_events ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE webhook_events ADD COLUMN claimed_until TEXT;

CREATE TABLE schedule_slots (
    workflow   TEXT NOT NULL,
    slot       INTEGER NOT NULL,
    holder     TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    PRIMARY KEY (workflow, slot)
) WITHOUT ROWID;
)sql";

constexpr std::array kMigrations{
    Migration{1, "initial schema: workflows, checkpoints, ledger, dead_letters, runs", kVersion1},
    Migration{2, "serve: webhook_events, health_probe", kVersion2},
    Migration{3, "creating steps and parked waits: step_marks", kVersion3},
    Migration{4, "several hosts: webhook event claims, schedule_slots", kVersion4},
};

bool is_empty_database(Database& db) {
    return db.query_int("SELECT count(*) FROM sqlite_schema", "read schema") == 0;
}

}  // namespace

std::span<const Migration> state_migrations() { return kMigrations; }

int latest_state_schema_version() { return kMigrations.back().version; }

void migrate_state_schema(Database& db) {
    const int latest = latest_state_schema_version();
    // Fast path without the write lock: an up-to-date store is the common case.
    const auto application_id = db.query_int("PRAGMA application_id", "read application_id");
    auto version = db.query_int("PRAGMA user_version", "read schema version");
    if (application_id == kStateApplicationId && version == latest) return;

    Transaction transaction(db, Transaction::Kind::immediate);
    // Re-read under the lock: another process may have migrated meanwhile.
    const auto id_now = db.query_int("PRAGMA application_id", "read application_id");
    version = db.query_int("PRAGMA user_version", "read schema version");
    if (id_now == 0 && version == 0) {
        if (!is_empty_database(db))
            db.fail_with("is a SQLite database but not a photobridge state store (it already has tables); "
                         "pass --state with another path");
        db.exec("PRAGMA application_id = " + std::to_string(kStateApplicationId), "set application_id");
    } else if (id_now != kStateApplicationId) {
        db.fail_with("is a SQLite database but not a photobridge state store (application_id " +
                     std::to_string(id_now) + ")");
    }
    if (version > latest)
        db.fail_with("was written by a newer photobridge (schema version " + std::to_string(version) +
                     "; this build knows versions up to " + std::to_string(latest) + ")");
    for (const Migration& m : kMigrations) {
        if (m.version <= version) continue;
        db.exec(m.sql, "migrate to schema version " + std::to_string(m.version) + " (" + m.description + ")");
        db.exec("PRAGMA user_version = " + std::to_string(m.version), "set schema version");
    }
    transaction.commit();
}

}  // namespace photobridge::state::sqlite
