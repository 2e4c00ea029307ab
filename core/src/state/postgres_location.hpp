// Telling a PostgreSQL state location from a SQLite path, and writing it
// for people without its password.
//
// A location is PostgreSQL when it is a libpq connection URI
// ("postgresql://..." or "postgres://..."); anything else is a SQLite path.
#pragma once

#include <string>
#include <string_view>

namespace photobridge::state {

bool is_postgresql_uri(std::string_view location) noexcept;

// "postgresql://USER@HOST:PORT/DB" from a libpq URI: the password, the
// query options and anything else libpq would accept are left out, so the
// result can go in logs and messages. A URI libpq cannot parse becomes
// "postgresql://(unparsable URI)", never the text itself.
std::string redacted_postgresql_location(const std::string& uri);

}  // namespace photobridge::state
