#include "state/postgres_schema.hpp"

#include <array>
#include <string>

namespace photobridge::state::postgres {
namespace {

// Version 1: everything SQLite's versions 1 to 3 hold (sqlite_schema.cpp),
// in PostgreSQL's types. Timestamps are timestamptz, written by the server
// (now()) and read back as ISO 8601 UTC text with milliseconds.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE workflows (
    name          text PRIMARY KEY,
    first_seen_at timestamptz NOT NULL
);

CREATE TABLE checkpoints (
    workflow   text NOT NULL,
    stream     text NOT NULL,
    cursor     text,
    pages      bigint NOT NULL DEFAULT 0,
    records    bigint NOT NULL DEFAULT 0,
    high_water text,
    complete   boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (workflow, stream)
);

CREATE TABLE ledger (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow     text NOT NULL,
    sink         text NOT NULL,
    key          text NOT NULL,
    content_hash text NOT NULL,
    status       text NOT NULL CHECK (status IN ('pending', 'done')),
    result_id    text NOT NULL DEFAULT '',
    updated_at   timestamptz NOT NULL,
    UNIQUE (workflow, sink, key)
);
CREATE INDEX ledger_pending ON ledger (workflow) WHERE status = 'pending';

CREATE TABLE dead_letters (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow    text NOT NULL,
    sink        text NOT NULL DEFAULT '',
    key         text NOT NULL,
    code        integer NOT NULL DEFAULT 0,
    http_status integer NOT NULL DEFAULT 0,
    error       text NOT NULL DEFAULT '',
    record_json text NOT NULL DEFAULT '',
    attempts    integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    UNIQUE (workflow, sink, key)
);

CREATE TABLE runs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow    text NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    outcome     text NOT NULL DEFAULT 'running',
    counts_json text NOT NULL DEFAULT '{}'
);
CREATE INDEX runs_by_workflow ON runs (workflow, id);

CREATE TABLE webhook_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow     text NOT NULL,
    event_key    text NOT NULL,
    payload_json text NOT NULL,
    received_at  timestamptz NOT NULL,
    status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    attempts     integer NOT NULL DEFAULT 0,
    error        text NOT NULL DEFAULT '',
    updated_at   timestamptz NOT NULL,
    UNIQUE (workflow, event_key)
);
CREATE INDEX webhook_events_pending ON webhook_events (id) WHERE status = 'pending';

CREATE TABLE health_probe (
    id         integer PRIMARY KEY CHECK (id = 1),
    checked_at timestamptz NOT NULL
);

CREATE TABLE step_marks (
    workflow           text NOT NULL,
    key                text NOT NULL,
    step               text NOT NULL,
    content_hash       text NOT NULL,
    status             text NOT NULL CHECK (status IN ('pending', 'parked', 'done', 'failed')),
    connection         text NOT NULL DEFAULT '',
    operation          text NOT NULL DEFAULT '',
    result_json        text NOT NULL DEFAULT '',
    handle_json        text NOT NULL DEFAULT '',
    provider_id        text NOT NULL DEFAULT '',
    provider_status    text NOT NULL DEFAULT '',
    next_check_unix_ms bigint NOT NULL DEFAULT 0,
    updated_at         timestamptz NOT NULL,
    PRIMARY KEY (workflow, key, step)
);
CREATE INDEX step_marks_open ON step_marks (workflow, updated_at) WHERE status IN ('pending', 'parked');
)sql";

// Version 2: several serve processes on one store (issue 15), as SQLite's
// version 4, plus the workflow leases (postgres_workflow_lease.hpp): one
// row per workflow that ever ran, its holder, its fencing token (raised at
// every take-over) and the time its holder last renewed it until.
constexpr const char* kVersion2 = R"sql(
ALTER TABLE webhook_events ADD COLUMN claimed_by text NOT NULL DEFAULT '',
                           ADD COLUMN claimed_until timestamptz;

CREATE TABLE schedule_slots (
    workflow   text NOT NULL,
    slot       bigint NOT NULL,
    holder     text NOT NULL,
    claimed_at timestamptz NOT NULL,
    PRIMARY KEY (workflow, slot)
);

CREATE TABLE workflow_leases (
    workflow    text PRIMARY KEY,
    holder      text NOT NULL DEFAULT '',
    token       bigint NOT NULL DEFAULT 0,
    acquired_at timestamptz,
    expires_at  timestamptz
);
)sql";

constexpr std::array kMigrations{
    Migration{1, "the tables of SQLite schema 3: workflows, checkpoints, ledger, dead_letters, runs, webhook_events, "
                 "health_probe, step_marks",
              kVersion1},
    Migration{2, "several hosts: webhook event claims, schedule_slots, workflow_leases", kVersion2},
};

// The advisory lock key of migrations: "PBST", as SQLite's application_id.
constexpr const char* kMigrationLockKey = "1346524756";

// Holds the session advisory lock of migrations while it exists.
class MigrationLock {
public:
    explicit MigrationLock(Connection& connection) : connection_(connection) {
        connection_.run(std::string("SELECT pg_advisory_lock(") + kMigrationLockKey + ")", {}, "lock for migration");
    }
    ~MigrationLock() {
        try {
            connection_.run(std::string("SELECT pg_advisory_unlock(") + kMigrationLockKey + ")", {},
                            "unlock after migration");
        } catch (const PostgresError&) {
            // The session is gone, and its lock with it.
        }
    }
    MigrationLock(const MigrationLock&) = delete;
    MigrationLock& operator=(const MigrationLock&) = delete;

private:
    Connection& connection_;
};

bool schema_table_exists(Connection& connection) {
    return connection.run("SELECT to_regclass('photobridge_schema') IS NOT NULL", {}, "read schema").text(0, 0) == "t";
}

bool foreign_tables_exist(Connection& connection) {
    return connection
               .run("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
                    "AND tablename IN ('ledger', 'checkpoints', 'runs', 'dead_letters')",
                    {}, "read schema")
               .integer(0, 0) > 0;
}

int applied_version(Connection& connection) {
    return static_cast<int>(
        connection.run("SELECT coalesce(max(version), 0) FROM photobridge_schema", {}, "read schema version").integer(0, 0));
}

}  // namespace

std::span<const Migration> state_migrations() { return kMigrations; }

int latest_state_schema_version() { return kMigrations.back().version; }

int state_schema_version(Connection& connection) {
    return schema_table_exists(connection) ? applied_version(connection) : 0;
}

void migrate_state_schema(Connection& connection) {
    const int latest = latest_state_schema_version();
    // Fast path without the lock: an up-to-date store is the common case.
    if (state_schema_version(connection) == latest) return;

    // A session lock taken before BEGIN, not a transaction lock taken after
    // it: a transaction sees tables another session created only from its
    // start (its catalog cache is refreshed then), so the migration that
    // waited must begin after the one it waited for committed.
    MigrationLock lock(connection);
    Transaction transaction(connection);
    // Re-read under the lock: another host may have migrated meanwhile.
    int version = 0;
    if (schema_table_exists(connection)) {
        version = applied_version(connection);
    } else {
        if (foreign_tables_exist(connection))
            connection.fail("open", "the schema already has tables named like photobridge's (ledger, runs, ...) "
                                    "but no photobridge_schema: not a photobridge state store; use another "
                                    "database or schema");
        connection.exec("CREATE TABLE photobridge_schema (version integer PRIMARY KEY, description text NOT NULL, "
                        "applied_at timestamptz NOT NULL DEFAULT now())",
                        "create photobridge_schema");
    }
    if (version > latest)
        connection.fail("open", "was written by a newer photobridge (schema version " + std::to_string(version) +
                                    "; this build knows versions up to " + std::to_string(latest) + ")");
    for (const Migration& m : kMigrations) {
        if (m.version <= version) continue;
        const std::string what = "migrate to schema version " + std::to_string(m.version) + " (" + m.description + ")";
        connection.exec(m.sql, what);
        connection.run("INSERT INTO photobridge_schema (version, description) VALUES ($1, $2)",
                       {std::to_string(m.version), std::string(m.description)}, what);
    }
    transaction.commit();
}

}  // namespace photobridge::state::postgres
