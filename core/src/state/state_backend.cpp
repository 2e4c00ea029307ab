#include "state/state_backend.hpp"

#include "state/postgres_location.hpp"
#include "state/postgres_state_store.hpp"
#include "state/sqlite_state_store.hpp"

#include <filesystem>

namespace photobridge::state {

std::unique_ptr<StateBackend> open_state_backend(const std::string& location) {
    if (is_postgresql_uri(location)) return std::make_unique<PostgresStateStore>(location);
    return std::make_unique<SqliteStateStore>(location);
}

std::unique_ptr<StateBackend> open_existing_state_backend(const std::string& location) {
    if (is_postgresql_uri(location)) return PostgresStateStore::open_existing(location);
    std::error_code ec;
    if (!std::filesystem::exists(location, ec)) return nullptr;
    return std::make_unique<SqliteStateStore>(location);
}

std::string state_location_for_people(const std::string& location) {
    return is_postgresql_uri(location) ? redacted_postgresql_location(location) : location;
}

}  // namespace photobridge::state
