// limit/offset paging of HeadshotPro's list endpoints.
//
// Cursor contract: sdk::offset_cursor, the decimal offset of the next page
// ("150"). It is opaque to the host and only ever read back by this plugin.
#pragma once

#include <photobridge/sdk.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <string_view>

namespace photobridge::plugins::headshotpro {

struct Window {
    std::int64_t offset = 0;
    std::int64_t limit = 0;
};

// The offset from the cursor (0 on the first page) and the limit from the
// caller's page_size within the stream's manifest page_size ("limit |
// integer | 50", "max 200"). A cursor that is not a non-negative decimal ->
// INVALID_ARGUMENT.
Window window_of(const photobridge::sdk::StreamCall& call, std::string_view stream);

// One page from a list response {"success", "photos": [...], "pagination":
// {"total", "limit", "offset", "hasMore"}}: every photo mapped to its
// canonical record, total from pagination.total, and a next cursor
// (offset + photos on this page) exactly when pagination.hasMore is true.
// hasMore=true with an empty page -> PB_ERR_PROTOCOL naming the field (the
// next page would be this one).
photobridge::sdk::Page read_page(const boost::json::value& body, const Window& window, std::string_view where);

}  // namespace photobridge::plugins::headshotpro
