// The store's timestamps: ISO 8601 UTC with milliseconds,
// "2024-05-01T12:00:00.123Z", which sorts as text in time order.
#pragma once

#include <chrono>
#include <string>

namespace photobridge::state {

std::string utc_timestamp(std::chrono::system_clock::time_point when);
inline std::string utc_timestamp_now() { return utc_timestamp(std::chrono::system_clock::now()); }

}  // namespace photobridge::state
