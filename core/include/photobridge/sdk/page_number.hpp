// Paging by page number (?page=3): the cursor is the decimal number of the
// next page ("3"). Opaque to the host; only the plugin that wrote it reads it.
#pragma once

#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/page_progress.hpp>

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace photobridge::sdk::page_number_cursor {

// The page number a cursor holds; `first_page` (the provider's first page,
// usually 1, some APIs 0) without a cursor. A cursor that is not a decimal
// >= first_page -> INVALID_ARGUMENT "<where>: cursor '...' is not a page
// number written by this plugin".
inline std::int64_t read(const std::optional<std::string>& cursor, std::int64_t first_page, std::string_view where) {
    if (!cursor) return first_page;
    const std::string& c = *cursor;
    std::int64_t page = 0;
    const auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), page);
    if (c.empty() || ec != std::errc() || end != c.data() + c.size() || page < first_page) {
        std::string message(where);
        message.append(": cursor '").append(c.substr(0, 40)).append("' is not a page number written by this plugin");
        throw invalid_argument(std::move(message));
    }
    return page;
}

// The cursor of the page after `current`: the provider's own next page
// number when it gives one, else current + 1. A next page not beyond the
// current one -> PB_ERR_PROTOCOL naming `where`.
inline std::string next(std::int64_t current, std::optional<std::int64_t> provider_next, std::string_view where) {
    const std::int64_t page = provider_next.value_or(current + 1);
    const std::string cursor = std::to_string(page);
    require_progress(page > current, where, "page number", cursor);
    return cursor;
}

}  // namespace photobridge::sdk::page_number_cursor
