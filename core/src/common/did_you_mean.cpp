#include "common/did_you_mean.hpp"

#include <algorithm>
#include <cctype>

namespace photobridge::common {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Levenshtein distance with adjacent transpositions (optimal string
// alignment), case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

}  // namespace

std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& candidates) {
    const std::size_t allowed = typed.size() <= 4 ? 1 : typed.size() <= 8 ? 2 : 3;
    std::optional<std::string> best;
    std::size_t best_distance = allowed + 1;
    for (const auto& c : candidates) {
        if (c == typed) continue;
        const std::size_t d = edit_distance(typed, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best;
}

std::string suggestion_suffix(std::string_view typed, const std::vector<std::string>& candidates,
                              std::size_t max_listed) {
    if (auto best = closest_name(typed, candidates)) return " (did you mean '" + *best + "'?)";
    if (candidates.empty()) return "";
    std::string out = " (known: ";
    for (std::size_t i = 0; i < candidates.size() && i < max_listed; ++i) out += (i ? ", " : "") + candidates[i];
    if (candidates.size() > max_listed) out += ", ...";
    return out + ")";
}

}  // namespace photobridge::common
