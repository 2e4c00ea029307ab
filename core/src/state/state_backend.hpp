// A whole state backend: what the engine needs (StateStore), what people
// inspect (StateInspection) and serve's durable intake (WebhookEventStore),
// in one object. SQLite (sqlite_state_store.hpp) and PostgreSQL
// (postgres_state_store.hpp) are the two; sdk-docs/state.md describes both.
//
// A location is a PostgreSQL connection URI ("postgresql://USER@HOST:PORT/DB",
// any libpq URI) or else a SQLite file path.
#pragma once

#include "state/state_inspection.hpp"
#include "state/state_store.hpp"
#include "state/webhook_event_store.hpp"

#include <memory>
#include <string>

namespace photobridge::state {

class StateBackend : public StateStore, public StateInspection, public WebhookEventStore {};

// Opens the store at `location`, creating it (a SQLite file and its
// folders, or the tables in a PostgreSQL database) and migrating its
// schema. Throws std::runtime_error naming the location (never a password).
std::unique_ptr<StateBackend> open_state_backend(const std::string& location);

// Opens the store at `location` only when one is there: nullptr when the
// SQLite file does not exist or the PostgreSQL database has no photobridge
// tables yet. Inspecting never creates a store.
std::unique_ptr<StateBackend> open_existing_state_backend(const std::string& location);

// `location` for messages: a PostgreSQL URI without its password, or the path.
std::string state_location_for_people(const std::string& location);

}  // namespace photobridge::state
