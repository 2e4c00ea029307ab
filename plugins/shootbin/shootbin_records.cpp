#include "shootbin_records.hpp"

#include <string>

namespace photobridge::plugins::shootbin {

namespace json = boost::json;
namespace ja = sdk::json_access;

namespace {

std::string id_of(const json::value& photo, std::string_view where) {
    const json::value& id = ja::require(photo, "id", where);
    if (id.is_int64()) return std::to_string(id.get_int64());
    if (id.is_uint64()) return std::to_string(id.get_uint64());
    if (id.is_string() && !id.get_string().empty()) return std::string(id.get_string());
    ja::fail(where, "id", std::string("should be an integer, got ") + ja::kind_name(id.kind()));
}

}  // namespace

json::object photo_record(const json::value& photo, std::string_view where) {
    if (!photo.is_object())
        throw sdk::protocol_error(std::string(where) + ": should be a photo object, got " + ja::kind_name(photo.kind()));
    sdk::records::Photo p;
    p.id = id_of(photo, where);
    p.provider = kProvider;
    if (ja::find(photo, "approved_at") != nullptr) p.approved = ja::optional_string(photo, "approved_at", where).has_value();
    p.created_at = ja::optional_string(photo, "created_at", where);
    if (auto url = ja::optional_string(photo, "image_url", where)) {
        sdk::records::Media main;
        main.variant = "main";
        main.url = std::move(*url);
        p.media.push_back(std::move(main));
    }
    p.raw = photo;
    return p.to_json();
}

ListingPage read_listing(const json::value& body, const std::optional<std::string>& sent_cursor,
                         std::string_view where) {
    const char* key = ja::find(body, "data") != nullptr ? "data" : "photos";
    if (ja::find(body, "data") == nullptr && ja::find(body, "photos") == nullptr)
        ja::fail(where, "data", "is missing (and so is its alias 'photos')");
    const json::array& items = ja::require_array(body, key, where);

    ListingPage page;
    page.records.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i)
        page.records.push_back(photo_record(items[i], std::string(where) + " " + key + "[" + std::to_string(i) + "]"));

    const auto cursor = ja::optional_string(body, "next_cursor", where);
    const auto has_more = ja::optional_bool(body, "has_more", where);
    const bool more = has_more.value_or(cursor.has_value());
    if (!more) return page;
    if (!cursor || cursor->empty()) ja::fail(where, "next_cursor", "is null while has_more is true");
    page.next_cursor = sdk::body_cursor::next(sent_cursor, cursor, where, "next_cursor");
    return page;
}

std::optional<std::string> original_filename(const json::value& photo, std::string_view where) {
    return ja::optional_string(photo, "original_filename", where);
}

}  // namespace photobridge::plugins::shootbin
