// Building request URLs with Boost.URL: path segments and query parameters
// are percent-encoded by the library, never by hand.
#pragma once

#include <photobridge/sdk/error.hpp>

#include <boost/url.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace photobridge::sdk {

// Query parameters in the order they are sent. Repeated keys are allowed.
using Query = std::vector<std::pair<std::string, std::string>>;

// Joins `base_url` (e.g. "https://server.headshotpro.com/api/v2", may carry a
// path) with decoded path `segments` and a query. Throws INVALID_ARGUMENT
// naming the base URL when it does not parse.
inline std::string build_url(std::string_view base_url, std::initializer_list<std::string_view> segments,
                             const Query& query = {}) {
    auto parsed = boost::urls::parse_uri(base_url);
    if (!parsed) throw invalid_argument("base_url '" + std::string(base_url) + "' is not a valid absolute URL");
    boost::urls::url u = *parsed;
    auto segs = u.segments();
    if (!segs.empty() && segs.back().empty()) segs.pop_back();  // tolerate a trailing slash
    for (std::string_view s : segments) segs.push_back(s);
    auto params = u.params();
    for (const auto& [k, v] : query) params.append({k, v});
    return std::string(u.buffer());
}

// Same, with segments built at run time.
inline std::string build_url(std::string_view base_url, const std::vector<std::string>& segments,
                             const Query& query = {}) {
    auto parsed = boost::urls::parse_uri(base_url);
    if (!parsed) throw invalid_argument("base_url '" + std::string(base_url) + "' is not a valid absolute URL");
    boost::urls::url u = *parsed;
    auto segs = u.segments();
    if (!segs.empty() && segs.back().empty()) segs.pop_back();
    for (const auto& s : segments) segs.push_back(s);
    auto params = u.params();
    for (const auto& [k, v] : query) params.append({k, v});
    return std::string(u.buffer());
}

}  // namespace photobridge::sdk
