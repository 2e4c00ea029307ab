// The SQLite state store's schema and its migrations: an ordered list of
// SQL scripts, version N turning a version N-1 database into version N.
// The version is PRAGMA user_version; PRAGMA application_id marks the file
// as a photobridge state store. The tables are documented in
// sdk-docs/state.md (keep the two in step).
//
// Thread contract: called once per connection, before any other use.
#pragma once

#include "state/sqlite_handle.hpp"

#include <span>

namespace photobridge::state::sqlite {

struct Migration {
    int version;              // 1, 2, 3, ... in order, no gaps
    const char* description;  // for error messages and docs
    const char* sql;          // run in the same transaction as the version bump
};

// application_id of a photobridge state database ("PBST").
inline constexpr int kStateApplicationId = 0x50425354;

// Every migration, oldest first. Append only: never edit a released one.
std::span<const Migration> state_migrations();
// The version a fully migrated database has.
int latest_state_schema_version();

// Brings the database to the latest version, in one IMMEDIATE transaction
// (so two processes opening a fresh file at once do not both migrate).
// Refuses, with an error naming the file, a database that is not a
// photobridge state store or that a newer photobridge wrote.
void migrate_state_schema(Database& db);

}  // namespace photobridge::state::sqlite
