// What the plugin sends to Snapbar: stream query strings, the opaque page
// cursor, and JSON bodies for contact writes.
#pragma once

#include <photobridge/sdk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace photobridge::plugins::snapbar {

// Where a stream page starts. The docs require the same `limit` on every
// request of one walk, so the opaque cursor carries it: "<limit>:<Snapbar
// next_cursor>". On the first page the limit comes from the caller's
// page_size within the stream's manifest page_size ("default: 25, max: 100"
// on both list endpoints); later pages ignore page_size.
struct PagePosition {
    std::int64_t limit = 0;
    std::optional<std::string> cursor;  // Snapbar's next_cursor; nullopt on the first page
};

// Throws INVALID_ARGUMENT when the call's cursor was not made by
// encode_cursor (or carries a limit over the stream's maximum).
PagePosition page_position(const photobridge::sdk::StreamCall& call);
std::string encode_cursor(std::int64_t limit, std::string_view provider_cursor);

// The stream filters in the documented order, then cursor and limit.
// custom_attributes {"K": "V"} becomes custom_attributes[K]=V; a key that is
// empty or contains '[' or ']' is refused with INVALID_ARGUMENT.
photobridge::sdk::Query contacts_query(const boost::json::object& params, const PagePosition& at);
photobridge::sdk::Query submissions_query(const boost::json::object& params, const PagePosition& at);

// The next opaque cursor from a list response's page_info {has_next,
// next_cursor, count, limit}: nullopt when has_next is false. PB_ERR_PROTOCOL
// naming the field when page_info is malformed or has_next comes without a
// next_cursor or repeats the current one (which would loop forever).
std::optional<std::string> next_cursor(const boost::json::value& page, const PagePosition& at, std::string_view where);

// The documented contact body fields present in `input` (first_name,
// last_name, email, phone, studio_ids, list_ids, custom_attributes), copied
// unchanged; everything else (contact_id) is left out.
boost::json::object contact_body(const boost::json::object& input);

}  // namespace photobridge::plugins::snapbar
