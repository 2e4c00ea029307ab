#include "headshotpro_paging.hpp"

#include "headshotpro_errors.hpp"
#include "headshotpro_records.hpp"

#include <string>

namespace photobridge::plugins::headshotpro {

namespace ja = photobridge::sdk::json_access;
namespace json = boost::json;

Window window_of(const sdk::StreamCall& call, std::string_view stream) {
    std::string where("headshotpro: ");
    where += stream;
    return Window{sdk::offset_cursor::read(call.cursor, where), call.page_size_or_default()};
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
        page.next_cursor = sdk::offset_cursor::next(window.offset, photos.size(), where);
    }
    return page;
}

}  // namespace photobridge::plugins::headshotpro
