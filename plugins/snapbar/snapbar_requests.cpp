#include "snapbar_requests.hpp"

#include <boost/url.hpp>

#include <algorithm>
#include <charconv>

namespace photobridge::plugins::snapbar {

namespace json = boost::json;
namespace ja = photobridge::sdk::json_access;

namespace {

void add_if_present(sdk::Query& q, const json::object& params, std::string_view key) {
    if (const auto* v = params.if_contains(key)) q.emplace_back(std::string(key), ja::scalar_text(*v, key));
}

void add_custom_attributes(sdk::Query& q, const json::object& params) {
    const auto* attrs = params.if_contains("custom_attributes");
    if (attrs == nullptr) return;
    for (const auto& [key, value] : attrs->as_object()) {
        if (key.empty() || key.find_first_of("[]") != json::string_view::npos)
            throw sdk::invalid_argument("snapbar: custom_attributes key '" + std::string(key) +
                                        "' must be non-empty and contain no '[' or ']'");
        q.emplace_back("custom_attributes[" + std::string(key) + "]",
                       ja::scalar_text(value, "custom_attributes." + std::string(key)));
    }
}

void add_page(sdk::Query& q, const PagePosition& at) {
    if (at.cursor) q.emplace_back("cursor", *at.cursor);
    q.emplace_back("limit", std::to_string(at.limit));
}

}  // namespace

PagePosition page_position(const sdk::StreamCall& call) {
    PagePosition at;
    at.limit = call.page_size_or_default();
    if (!call.cursor) return at;
    const std::int64_t max_limit = call.sizes->maximum;  // page_size_or_default() checked it is there
    const std::string& c = *call.cursor;
    const auto colon = c.find(':');
    std::int64_t limit = 0;
    const char* end = c.data() + (colon == std::string::npos ? 0 : colon);
    const auto [ptr, ec] = std::from_chars(c.data(), end, limit);
    if (colon == std::string::npos || colon == 0 || ec != std::errc() || ptr != end || limit < 1 || limit > max_limit ||
        colon + 1 == c.size())
        throw sdk::invalid_argument("snapbar: cursor '" + c.substr(0, 80) + "' was not produced by this plugin");
    at.limit = limit;
    at.cursor = c.substr(colon + 1);
    return at;
}

std::string encode_cursor(std::int64_t limit, std::string_view provider_cursor) {
    return std::to_string(limit) + ":" + std::string(provider_cursor);
}

sdk::Query contacts_query(const json::object& params, const PagePosition& at) {
    sdk::Query q;
    for (const char* key : {"studio_id", "email", "contact_list_id"}) add_if_present(q, params, key);
    add_custom_attributes(q, params);
    for (const char* key : {"created_at_min", "created_at_max"}) add_if_present(q, params, key);
    add_page(q, at);
    return q;
}

sdk::Query submissions_query(const json::object& params, const PagePosition& at) {
    sdk::Query q;
    for (const char* key :
         {"studio_id", "contact_email", "contact_id", "state", "submitted_at_min", "submitted_at_max"})
        add_if_present(q, params, key);
    add_page(q, at);
    return q;
}

std::optional<std::string> next_cursor(const json::value& page, const PagePosition& at, std::string_view where) {
    ja::require_object(page, "page_info", where);
    if (!ja::require_bool(page, "page_info.has_next", where)) return std::nullopt;
    const auto next = ja::optional_string(page, "page_info.next_cursor", where);
    if (!next || next->empty()) ja::fail(where, "page_info.next_cursor", "is missing while page_info.has_next is true");
    return encode_cursor(at.limit, *sdk::body_cursor::next(at.cursor, next, where, "page_info.next_cursor"));
}

json::object contact_body(const json::object& input) {
    json::object body;
    for (const char* key : {"first_name", "last_name", "email", "phone", "studio_ids", "list_ids", "custom_attributes"})
        if (const auto* v = input.if_contains(key)) body[key] = *v;
    return body;
}

}  // namespace photobridge::plugins::snapbar
