// Keeps one pass over a source from running for ever on a provider that
// never ends it: a next cursor already seen in this pass (a loop), a run of
// pages that bring only records already seen in this pass (the same page
// again and again), or more pages than [policy] max_pages. Also notices,
// once, a page that contradicts the total the provider reported.
//
// Memory: 4 bytes (a 32-bit hash of the key) per distinct record key, in a
// flat set: about 10 MB at 1,000,000 keys (15 MB for a moment as it grows),
// and one string per cursor, for the pass. A 32-bit hash may take a new key
// for a seen one (at 1,000,000 keys, 1 in 4,300); a loop needs every key of
// max_repeat_pages pages in a row to be taken so, which real pages never
// are. Thread contract: the reader thread only.
#pragma once

#include <boost/unordered/unordered_flat_set.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace photobridge::engine {

class SourcePassGuard {
public:
    struct Limits {
        int max_repeat_pages = 3;              // pages in a row with only seen records
        std::optional<std::int64_t> max_pages;  // nullopt: no bound
    };

    enum class Verdict {
        go_on,
        loop,       // the provider is going round: the pass fails
        max_pages,  // the bound is reached: the pass stops here, the next run goes on
    };

    struct Decision {
        Verdict verdict = Verdict::go_on;
        std::string reason;  // for loop and max_pages: what was seen, naming the cursor
    };

    // `start_cursor`: where the pass starts (a resume), counted as seen.
    SourcePassGuard(Limits limits, const std::optional<std::string>& start_cursor);

    // After each page: its record keys, its next cursor, and the total the
    // provider reported with it (if any).
    Decision after_page(const std::vector<std::string>& keys, const std::optional<std::string>& next_cursor,
                        std::optional<std::int64_t> reported_total);

    // Set once, by the first page that contradicts the reported total (more
    // records read in this pass than the total, or a next page after all of
    // them): the warning to log. Empty before and after it is taken.
    std::string take_total_warning();

    std::int64_t pages() const noexcept { return pages_; }

private:
    static std::string shown(std::string_view cursor);

    Limits limits_;
    boost::unordered_flat_set<std::uint32_t> seen_keys_;
    std::unordered_set<std::string> seen_cursors_;
    std::int64_t pages_ = 0;
    std::int64_t records_ = 0;
    int repeat_pages_ = 0;
    bool total_warned_ = false;
    std::string total_warning_;
};

}  // namespace photobridge::engine
