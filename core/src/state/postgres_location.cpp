#include "state/postgres_location.hpp"

#include <libpq-fe.h>

#include <memory>

namespace photobridge::state {

bool is_postgresql_uri(std::string_view location) noexcept {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string redacted_postgresql_location(const std::string& uri) {
    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfoParse(uri.c_str(), &error),
                                                                          &PQconninfoFree);
    if (error) PQfreemem(error);
    if (!options) return "postgresql://(unparsable URI)";
    std::string user, host, port, dbname;
    for (const PQconninfoOption* o = options.get(); o->keyword; ++o) {
        if (!o->val) continue;
        const std::string_view key = o->keyword;
        if (key == "user") user = o->val;
        else if (key == "host") host = o->val;
        else if (key == "port") port = o->val;
        else if (key == "dbname") dbname = o->val;
    }
    std::string out = "postgresql://";
    if (!user.empty()) out += user + "@";
    out += host;
    if (!port.empty()) out += ":" + port;
    out += "/" + dbname;
    return out;
}

}  // namespace photobridge::state
