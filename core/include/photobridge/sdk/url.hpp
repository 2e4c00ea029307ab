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

// Percent-encodes a query key or value: everything but RFC 3986 unreserved
// characters and ":@/" (legal in a query and kept readable: dates, emails,
// paths). Stricter than Boost.URL's default, which leaves '+' (read as a
// space by most servers), '=', '&'-adjacent sub-delims and '?' as they are.
inline std::string encode_query_component(std::string_view text) {
    static constexpr boost::urls::grammar::lut_chars kQueryValueChars =
        boost::urls::unreserved_chars + boost::urls::grammar::lut_chars(":@/");
    return boost::urls::encode(text, kQueryValueChars);
}

namespace detail {

template <typename Segments>
std::string join_url(std::string_view base_url, const Segments& segments, const Query& query) {
    auto parsed = boost::urls::parse_uri(base_url);
    if (!parsed) throw invalid_argument("base_url '" + std::string(base_url) + "' is not a valid absolute URL");
    boost::urls::url u = *parsed;
    auto segs = u.segments();
    if (!segs.empty() && segs.back().empty()) segs.pop_back();  // tolerate a trailing slash
    for (const auto& s : segments) segs.push_back(std::string_view(s));
    auto params = u.encoded_params();
    for (const auto& [k, v] : query) {
        const std::string key = encode_query_component(k);
        const std::string value = encode_query_component(v);
        params.append(boost::urls::param_pct_view(key, value));
    }
    return std::string(u.buffer());
}

}  // namespace detail

// Joins `base_url` (e.g. "https://server.headshotpro.com/api/v2", may carry a
// path) with decoded path `segments` and a query; both are percent-encoded
// here. Throws INVALID_ARGUMENT naming the base URL when it does not parse.
inline std::string build_url(std::string_view base_url, std::initializer_list<std::string_view> segments,
                             const Query& query = {}) {
    return detail::join_url(base_url, segments, query);
}

// Same, with segments built at run time.
inline std::string build_url(std::string_view base_url, const std::vector<std::string>& segments,
                             const Query& query = {}) {
    return detail::join_url(base_url, segments, query);
}

}  // namespace photobridge::sdk
