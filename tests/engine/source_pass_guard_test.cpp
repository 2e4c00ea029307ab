// The pass guard on its own: loops by cursor, runs of pages with only seen
// records, max_pages, and the one warning about a contradicted total.
#include "engine/source_pass_guard.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using photobridge::engine::SourcePassGuard;
using Verdict = SourcePassGuard::Verdict;

namespace {
std::vector<std::string> keys(int from, int count) {
    std::vector<std::string> out;
    for (int i = from; i < from + count; ++i) out.push_back("k" + std::to_string(i));
    return out;
}
}  // namespace

TEST_CASE("pass guard: new records under new cursors go on, to the last page") {
    SourcePassGuard guard({3, std::nullopt}, std::nullopt);
    for (int page = 0; page < 99; ++page)
        CHECK(guard.after_page(keys(page * 10, 10), "c" + std::to_string(page), 1000).verdict == Verdict::go_on);
    CHECK(guard.after_page(keys(990, 10), std::nullopt, 1000).verdict == Verdict::go_on);
    CHECK(guard.take_total_warning().empty());
}

TEST_CASE("pass guard: a next cursor seen before in the pass is a loop, the resume cursor included") {
    SourcePassGuard guard({3, std::nullopt}, std::string("start"));
    CHECK(guard.after_page(keys(0, 5), "a", std::nullopt).verdict == Verdict::go_on);
    CHECK(guard.after_page(keys(5, 5), "b", std::nullopt).verdict == Verdict::go_on);
    const auto d = guard.after_page(keys(10, 5), "a", std::nullopt);
    CHECK(d.verdict == Verdict::loop);
    CHECK(d.reason.find("page 3 gave the next cursor 'a', which this pass has already read") != std::string::npos);

    SourcePassGuard resumed({3, std::nullopt}, std::string("start"));
    CHECK(resumed.after_page(keys(0, 5), "start", std::nullopt).verdict == Verdict::loop);
}

TEST_CASE("pass guard: max_repeat_pages pages in a row of seen records is a loop, one new record resets the count") {
    SourcePassGuard guard({3, std::nullopt}, std::nullopt);
    CHECK(guard.after_page(keys(0, 5), "1", std::nullopt).verdict == Verdict::go_on);
    CHECK(guard.after_page(keys(0, 5), "2", std::nullopt).verdict == Verdict::go_on);  // 1 repeated page
    CHECK(guard.after_page(keys(0, 5), "3", std::nullopt).verdict == Verdict::go_on);  // 2
    CHECK(guard.after_page(keys(2, 5), "4", std::nullopt).verdict == Verdict::go_on);  // k5, k6 are new: 0
    CHECK(guard.after_page(keys(0, 7), "5", std::nullopt).verdict == Verdict::go_on);  // 1
    CHECK(guard.after_page(keys(0, 7), "6", std::nullopt).verdict == Verdict::go_on);  // 2
    const auto d = guard.after_page(keys(0, 7), "7", std::nullopt);                    // 3
    CHECK(d.verdict == Verdict::loop);
    CHECK(d.reason.find("3 pages in a row brought only records this pass had already read") != std::string::npos);
    CHECK(d.reason.find("'7'") != std::string::npos);
}

TEST_CASE("pass guard: the last page may repeat records, only a page with a next one can loop") {
    SourcePassGuard guard({1, std::nullopt}, std::nullopt);
    CHECK(guard.after_page(keys(0, 5), "1", std::nullopt).verdict == Verdict::go_on);
    CHECK(guard.after_page(keys(0, 5), std::nullopt, std::nullopt).verdict == Verdict::go_on);
}

TEST_CASE("pass guard: max_pages stops the pass after that many pages when more remain") {
    SourcePassGuard guard({3, 2}, std::nullopt);
    CHECK(guard.after_page(keys(0, 5), "a", std::nullopt).verdict == Verdict::go_on);
    const auto d = guard.after_page(keys(5, 5), "b", std::nullopt);
    CHECK(d.verdict == Verdict::max_pages);
    CHECK(d.reason.find("max_pages = 2 reached; the next run goes on from cursor 'b'") != std::string::npos);

    SourcePassGuard exact({3, 2}, std::nullopt);
    CHECK(exact.after_page(keys(0, 5), "a", std::nullopt).verdict == Verdict::go_on);
    CHECK(exact.after_page(keys(5, 5), std::nullopt, std::nullopt).verdict == Verdict::go_on);  // it ended anyway
}

TEST_CASE("pass guard: a page that contradicts the reported total is warned about once") {
    SourcePassGuard guard({3, std::nullopt}, std::nullopt);
    CHECK(guard.after_page(keys(0, 10), "a", 25).verdict == Verdict::go_on);
    CHECK(guard.take_total_warning().empty());
    guard.after_page(keys(10, 10), "b", 25);
    guard.after_page(keys(20, 10), "c", 25);  // 30 records of a total of 25
    const std::string warning = guard.take_total_warning();
    CHECK(warning.find("reported a total of 25 records, but 30 have come in 3 pages") != std::string::npos);
    guard.after_page(keys(30, 10), "d", 25);
    CHECK(guard.take_total_warning().empty());  // once
}

TEST_CASE("pass guard: cursors are quoted and cut in messages") {
    SourcePassGuard guard({3, std::nullopt}, std::nullopt);
    const std::string long_cursor(500, 'x');
    guard.after_page(keys(0, 1), long_cursor, std::nullopt);
    const auto d = guard.after_page(keys(1, 1), long_cursor, std::nullopt);
    CHECK(d.verdict == Verdict::loop);
    CHECK(d.reason.find(std::string(80, 'x') + "...'") != std::string::npos);
    CHECK(d.reason.size() < 300);
}
