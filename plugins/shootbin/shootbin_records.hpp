// Shootbin JSON -> canonical records and stream pages.
#pragma once

#include <photobridge/sdk.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace photobridge::plugins::shootbin {

inline constexpr const char* kProvider = "shootbin";

// A Shootbin photo object -> the canonical photo record:
//   id          the integer id as a string
//   person      all null (Shootbin photos carry no person)
//   status      null (Shootbin has approval only)
//   approved    approved_at != null; null when approved_at is absent
//   created_at  the photo's created_at when present, else null (the
//               documented photo shape has none)
//   media       [{variant "main", url image_url}], empty when image_url is
//               absent or null
//   raw         the photo object untouched
// Throws PB_ERR_PROTOCOL naming `where` and the field when a field has the
// wrong type or id is missing.
boost::json::object photo_record(const boost::json::value& photo, std::string_view where);

// One listing response, read as documented: the photos from "data", or
// from the "photos" alias when "data" is absent; the next cursor when
// has_more is true. A response that would loop (has_more true without a
// next_cursor, or the same cursor again) is PB_ERR_PROTOCOL.
struct ListingPage {
    boost::json::array records;  // canonical photo records
    std::optional<std::string> next_cursor;
};
ListingPage read_listing(const boost::json::value& body, const std::optional<std::string>& sent_cursor,
                         std::string_view where);

// The original_filename of a photo object, nullopt when absent or null.
std::optional<std::string> original_filename(const boost::json::value& photo, std::string_view where);

}  // namespace photobridge::plugins::shootbin
