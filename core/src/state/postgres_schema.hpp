// The PostgreSQL state store's schema and its migrations: an ordered list
// of SQL scripts, version N turning a version N-1 schema into version N,
// recorded in the table photobridge_schema (one row per applied version).
// The tables are those of the SQLite store with PostgreSQL types
// (timestamptz, bigint identities); sdk-docs/state.md documents both (keep
// the three in step).
//
// The tables live in the connection's current schema (search_path), so
// one database can hold several stores in several schemas
// (?options=-csearch_path%3Dname in the URI).
//
// Thread contract: called once per store, before any other use.
#pragma once

#include "state/postgres_connection.hpp"

#include <span>

namespace photobridge::state::postgres {

struct Migration {
    int version;              // 1, 2, 3, ... in order, no gaps
    const char* description;  // for error messages and docs
    const char* sql;          // run in the same transaction as its version row
};

// Every migration, oldest first. Append only: never edit a released one.
std::span<const Migration> state_migrations();
int latest_state_schema_version();

// Brings the schema to the latest version in one transaction, under a
// session advisory lock, so hosts starting at once do not both migrate. Refuses, with an error naming the location, a schema that a
// newer photobridge wrote, or one that has photobridge's table names
// without photobridge_schema (not a photobridge store).
void migrate_state_schema(Connection& connection);

// The schema version of the store at `connection`, 0 when there is none
// (nothing has been written there yet). Reads only.
int state_schema_version(Connection& connection);

}  // namespace photobridge::state::postgres
