#include "engine/source_pass_guard.hpp"

#include <functional>
#include <utility>

namespace photobridge::engine {

SourcePassGuard::SourcePassGuard(Limits limits, const std::optional<std::string>& start_cursor) : limits_(limits) {
    if (start_cursor) seen_cursors_.insert(*start_cursor);
}

std::string SourcePassGuard::shown(std::string_view cursor) {
    // Cursors are opaque provider text: quoted, and cut when long.
    constexpr std::size_t kMax = 80;
    std::string out = "'";
    out += cursor.substr(0, kMax);
    if (cursor.size() > kMax) out += "...";
    out += "'";
    return out;
}

SourcePassGuard::Decision SourcePassGuard::after_page(const std::vector<std::string>& keys,
                                                      const std::optional<std::string>& next_cursor,
                                                      std::optional<std::int64_t> reported_total) {
    ++pages_;
    records_ += static_cast<std::int64_t>(keys.size());

    bool any_new = false;
    for (const auto& key : keys)
        if (seen_keys_.insert(static_cast<std::uint32_t>(std::hash<std::string_view>{}(key))).second) any_new = true;
    repeat_pages_ = (any_new || keys.empty()) ? 0 : repeat_pages_ + 1;

    if (reported_total && !total_warned_ &&
        (records_ > *reported_total || (next_cursor && records_ >= *reported_total && *reported_total > 0))) {
        total_warned_ = true;
        total_warning_ = "the provider reported a total of " + std::to_string(*reported_total) + " records, but " +
                         std::to_string(records_) + " have come in " + std::to_string(pages_) +
                         (pages_ == 1 ? " page" : " pages") + (next_cursor ? " and it offers another page" : "");
    }

    Decision d;
    if (next_cursor && !seen_cursors_.insert(*next_cursor).second) {
        d.verdict = Verdict::loop;
        d.reason = "page " + std::to_string(pages_) + " gave the next cursor " + shown(*next_cursor) +
                   ", which this pass has already read: the provider is going round in a loop";
        return d;
    }
    if (next_cursor && repeat_pages_ >= limits_.max_repeat_pages) {
        d.verdict = Verdict::loop;
        d.reason = std::to_string(repeat_pages_) + " pages in a row brought only records this pass had already read "
                   "(next cursor " + shown(*next_cursor) + "): the provider is serving the same records again";
        return d;
    }
    if (next_cursor && limits_.max_pages && pages_ >= *limits_.max_pages) {
        d.verdict = Verdict::max_pages;
        d.reason = "[policy] max_pages = " + std::to_string(*limits_.max_pages) + " reached; the next run goes on from "
                   "cursor " + shown(*next_cursor);
        return d;
    }
    return d;
}

std::string SourcePassGuard::take_total_warning() { return std::exchange(total_warning_, std::string()); }

}  // namespace photobridge::engine
