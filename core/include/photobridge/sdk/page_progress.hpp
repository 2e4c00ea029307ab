// The guard every paging helper shares: a next page must lie beyond the
// current one, or a provider that repeats itself would keep a stream reading
// the same page forever.
#pragma once

#include <photobridge/sdk/error.hpp>

#include <string>
#include <string_view>

namespace photobridge::sdk {

// Throws PB_ERR_PROTOCOL "<where>: the next page's <what> '<value>' repeats
// the cursor of the request; the listing would never end" (value cut to
// 80 bytes) when `advanced` is false.
inline void require_progress(bool advanced, std::string_view where, std::string_view what, std::string_view value) {
    if (advanced) return;
    std::string message(where);
    message.append(": the next page's ").append(what).append(" '").append(value.substr(0, 80));
    message.append("' repeats the cursor of the request; the listing would never end");
    throw protocol_error(std::move(message));
}

}  // namespace photobridge::sdk
