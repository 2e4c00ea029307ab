// Finds the documented endpoint for a request path inside one provider, and
// the closest documented routes when none matches. Read-only over the
// Catalog, so safe from any thread; no regular expressions.
#pragma once

#include "fixture_model.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace photobridge::mock {

struct RouteMatch {
    const Endpoint* endpoint = nullptr;                        // null: no route for this method and path
    std::vector<std::pair<std::string, std::string>> captures; // path variables of the template
    std::vector<std::string> allowed_methods;                  // when only the method differs
};

// `path` is the part after "/<provider>", without the query string.
RouteMatch match_route(const Provider& provider, std::string_view method, std::string_view path);

// Up to `limit` documented routes ("GET /<provider>/path/template") closest to
// the request by edit distance, best first. Searches every provider.
std::vector<std::string> closest_routes(const Catalog& catalog, std::string_view method, std::string_view full_path,
                                        std::size_t limit = 3);

}  // namespace photobridge::mock
