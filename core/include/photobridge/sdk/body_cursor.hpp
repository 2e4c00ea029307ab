// Paging where the response body says where the next page is: an opaque
// cursor ("next_cursor": "c2") or a next URL ("next": "/photos?page=2").
// Either is handed to the host as the stream's cursor, unchanged (a URL
// resolved to absolute first).
#pragma once

#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/origin.hpp>
#include <photobridge/sdk/page_progress.hpp>

#include <boost/url.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace photobridge::sdk {

namespace body_cursor {

// The cursor of the next page: `next` as the provider sent it; nullopt when
// it sent none or an empty one (the last page). A next cursor equal to the
// `current` one (the cursor this page was requested with) -> PB_ERR_PROTOCOL
// naming `where` and `field` (the provider's name for it, e.g. "next_cursor").
inline std::optional<std::string> next(const std::optional<std::string>& current, std::optional<std::string> next,
                                       std::string_view where, std::string_view field = "cursor") {
    if (!next || next->empty()) return std::nullopt;
    require_progress(!current || *current != *next, where, field, *next);
    return next;
}

}  // namespace body_cursor

namespace next_url {

// The URL of the next page: `next` (absolute, or relative to `request_url`,
// the URL this page was requested with) resolved with Boost.URL; nullopt
// when `next` is nullopt or empty (the last page). PB_ERR_PROTOCOL naming
// `where` when it does not parse, is not http(s), or resolves to
// `request_url` itself.
inline std::optional<std::string> resolve(std::string_view request_url, const std::optional<std::string>& next,
                                          std::string_view where) {
    if (!next || next->empty()) return std::nullopt;
    const auto base = boost::urls::parse_uri(request_url);
    const auto reference = boost::urls::parse_uri_reference(*next);
    boost::urls::url resolved;
    if (!base || !reference || !boost::urls::resolve(*base, *reference, resolved) ||
        !origin_of(resolved.buffer())) {
        std::string message(where);
        message.append(": the next page's URL '").append(next->substr(0, 80)).append("' is not an http(s) URL");
        throw protocol_error(std::move(message));
    }
    std::string out(resolved.buffer());
    boost::urls::url next_normal = resolved;  // compared in normal form: "%7e" and "~" name one page
    next_normal.normalize();
    boost::urls::url current_normal = *base;
    current_normal.normalize();
    require_progress(next_normal.buffer() != current_normal.buffer(), where, "URL", out);
    return out;
}

// The URL to request: the cursor (a URL that resolve() gave) or `first_url`
// on the first page. A cursor that is not an absolute http(s) URL ->
// INVALID_ARGUMENT naming `where`. The credential still goes only to
// base_url's origin (auth.hpp), wherever the URL points.
inline std::string read(const std::optional<std::string>& cursor, std::string first_url, std::string_view where) {
    if (!cursor) return first_url;
    if (!origin_of(*cursor)) {
        std::string message(where);
        message.append(": cursor '").append(cursor->substr(0, 40)).append("' is not a URL written by this plugin");
        throw invalid_argument(std::move(message));
    }
    return *cursor;
}

}  // namespace next_url
}  // namespace photobridge::sdk
