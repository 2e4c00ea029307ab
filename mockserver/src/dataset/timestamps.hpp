// Timestamps in the formats the provider docs use, and the fixed clock that
// dataset records are dated by.
//
// Record dates are derived from the seed, never from the wall clock, so that
// one seed always gives byte-identical responses. Writes (uploads, contact
// updates, approvals) are stamped by a logical clock that starts at
// kDatasetAnchorTime and advances one second per write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace photobridge::mock::dataset {

// Unix milliseconds.
using UnixMillis = std::int64_t;

// 2025-06-01T12:00:00Z: every synthesized date lies before it, every write after it.
inline constexpr UnixMillis kDatasetAnchorTime = 1748779200000;

// "2024-01-15T11:45:00.000Z" (HeadshotPro, Snapbar).
std::string format_iso_millis(UnixMillis time);
// "2025-04-02T14:10:00.000000Z" (Shootbin / Laravel).
std::string format_iso_micros(UnixMillis time);
// "2022-09-01T16:43:47Z" (CloudCard).
std::string format_iso_seconds(UnixMillis time);

// Parses the ISO 8601 forms a client may pass as a filter: "2024-01-15",
// "2024-01-15T11:45:00Z", with optional fraction and "Z" or "+HH:MM"/"-HH:MM".
// Returns nullopt for anything else (the caller answers 400).
std::optional<UnixMillis> parse_iso8601(std::string_view text);

}  // namespace photobridge::mock::dataset
