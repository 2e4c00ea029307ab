#include "headshotpro_paging.hpp"

#include "headshotpro_errors.hpp"
#include "headshotpro_records.hpp"

#include <algorithm>
#include <charconv>
#include <string>

namespace headshotpro {

namespace sdk = photobridge::sdk;
namespace ja = photobridge::sdk::json_access;
namespace json = boost::json;

Window window_of(const sdk::StreamCall& call, std::string_view stream) {
    Window w;
    w.limit = std::clamp<std::int64_t>(call.page_size.value_or(kDefaultLimit), 1, kMaxLimit);
    if (call.cursor) {
        const std::string& c = *call.cursor;
        const auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), w.offset);
        if (c.empty() || ec != std::errc() || end != c.data() + c.size() || w.offset < 0)
            throw sdk::invalid_argument("headshotpro: " + std::string(stream) + ": cursor '" + c.substr(0, 40) +
                                        "' is not an offset written by this plugin");
    }
    return w;
}

sdk::Page read_page(const json::value& body, const Window& window, std::string_view where) {
    check_envelope(body, where);
    const json::array& photos = ja::require_array(body, "photos", where);
    const bool has_more = ja::require_bool(body, "pagination.hasMore", where);

    sdk::Page page;
    page.total = ja::optional_int(body, "pagination.total", where);
    page.records.reserve(photos.size());
    for (std::size_t i = 0; i < photos.size(); ++i)
        page.records.push_back(
            photo_record(photos[i], std::string(where) + ": photos[" + std::to_string(i) + "]").to_json());
    if (has_more) {
        if (photos.empty())
            ja::fail(where, "pagination.hasMore", "is true but the page has no photos (the stream would never end)");
        page.next_cursor = std::to_string(window.offset + static_cast<std::int64_t>(photos.size()));
    }
    return page;
}

}  // namespace headshotpro
