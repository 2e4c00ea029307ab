// Suggestions for misspelt names in validation messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::common {

// The candidate closest to `typed` when it is a near miss: equal ignoring
// case, or within an edit distance of 1 (names up to 4 characters), 2 (up to
// 8) or 3 (longer). Ties go to the earlier candidate.
std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" for a near miss; otherwise " (known: a, b, c)" when
// there are candidates (at most `max_listed`, then ", ..."); "" when none.
std::string suggestion_suffix(std::string_view typed, const std::vector<std::string>& candidates,
                              std::size_t max_listed = 12);

}  // namespace photobridge::common
