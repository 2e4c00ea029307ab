// Paging helpers for stream handlers: the page sizes a stream's manifest
// entry declares, and the offset cursor of offset/limit APIs. The other
// paging styles have their own headers: page_number.hpp, body_cursor.hpp
// (an opaque cursor or a next URL in the body) and link_header.hpp (RFC 8288).
#pragma once

#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/page_progress.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace photobridge::sdk {

// A stream's page sizes, from its manifest entry
// ("page_size": {"default": D, "maximum": M}, 1 <= D <= M).
struct PageSize {
    std::int64_t default_size = 1;
    std::int64_t maximum = 1;

    // The size to ask the provider for: `requested` clamped to [1, maximum];
    // default_size when the caller asked for none.
    std::int64_t pick(std::optional<std::int64_t> requested) const {
        return std::clamp<std::int64_t>(requested.value_or(default_size), 1, maximum);
    }
};

// The cursor of an offset/limit API: the decimal offset of the next page
// ("150"). Opaque to the host; only the plugin that wrote it reads it back.
namespace offset_cursor {

// The offset a cursor holds; 0 on the first page (no cursor). A cursor that
// is not a non-negative decimal -> INVALID_ARGUMENT, "<where>: cursor '...'
// is not an offset written by this plugin" (the cursor cut to 40 bytes).
inline std::int64_t read(const std::optional<std::string>& cursor, std::string_view where) {
    if (!cursor) return 0;
    const std::string& c = *cursor;
    std::int64_t offset = 0;
    const auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), offset);
    if (c.empty() || ec != std::errc() || end != c.data() + c.size() || offset < 0) {
        std::string message(where);
        message += ": cursor '";
        message += c.substr(0, 40);
        message += "' is not an offset written by this plugin";
        throw invalid_argument(message);
    }
    return offset;
}

// The cursor of the page after one that started at `offset` and held `count`
// records, for a provider that said more follow. A page of 0 records would
// ask for the same offset again: PB_ERR_PROTOCOL naming `where`.
inline std::string next(std::int64_t offset, std::size_t count, std::string_view where) {
    const std::string cursor = std::to_string(offset + static_cast<std::int64_t>(count));
    require_progress(count > 0, where, "offset", cursor);
    return cursor;
}

// The cursor of an offset the provider gave for the next page (e.g. its
// "next_offset"). One not beyond `offset` -> PB_ERR_PROTOCOL naming `where`.
inline std::string advance(std::int64_t offset, std::int64_t next_offset, std::string_view where) {
    const std::string cursor = std::to_string(next_offset);
    require_progress(next_offset > offset, where, "offset", cursor);
    return cursor;
}

}  // namespace offset_cursor
}  // namespace photobridge::sdk
