#include "engine/page_tracker.hpp"

#include <doctest/doctest.h>

#include <thread>
#include <vector>

using photobridge::engine::PageTracker;
using photobridge::state::Checkpoint;
using namespace std::chrono_literals;

TEST_CASE("page tracker: the checkpoint is the cursor of the oldest page not fully settled") {
    std::vector<Checkpoint> saved;
    PageTracker t(Checkpoint{}, [&](const Checkpoint& c) { saved.push_back(c); });
    const auto p0 = t.add_page(std::string("c1"), 2, std::string("2024-01-02"));
    const auto p1 = t.add_page(std::string("c2"), 2, std::string("2024-01-05"));
    const auto p2 = t.add_page(std::nullopt, 1, std::string("2024-01-03"));
    CHECK(saved.empty());

    t.records_settled(p1, 2);  // page 1 done, page 0 not: no move
    t.records_settled(p2);
    CHECK(saved.empty());
    t.records_settled(p0);
    CHECK(saved.empty());
    t.records_settled(p0);  // now 0, 1 and 2 are done: one save, at the end
    REQUIRE(saved.size() == 1);
    CHECK_FALSE(saved.back().cursor.has_value());
    CHECK(saved.back().complete);
    CHECK(saved.back().pages == 3);
    CHECK(saved.back().records == 5);
    CHECK(saved.back().high_water == "2024-01-05");
}

TEST_CASE("page tracker: advances page by page and keeps counting from a resumed checkpoint") {
    std::vector<Checkpoint> saved;
    Checkpoint start;
    start.cursor = "c5";
    start.pages = 5;
    start.records = 250;
    PageTracker t(start, [&](const Checkpoint& c) { saved.push_back(c); });
    const auto a = t.add_page(std::string("c6"), 1, std::nullopt);
    const auto b = t.add_page(std::string("c7"), 1, std::nullopt);
    t.records_settled(a);
    REQUIRE(saved.size() == 1);
    CHECK(saved[0].cursor == "c6");
    CHECK(saved[0].pages == 6);
    CHECK(saved[0].records == 251);
    CHECK_FALSE(saved[0].complete);
    t.records_settled(b);
    CHECK(saved.back().cursor == "c7");
    CHECK(t.records_done() == 252);
}

TEST_CASE("page tracker: an empty page is done at once, settling too much is a bug") {
    std::vector<Checkpoint> saved;
    PageTracker t(Checkpoint{}, [&](const Checkpoint& c) { saved.push_back(c); });
    t.add_page(std::string("next"), 0, std::nullopt);
    REQUIRE(saved.size() == 1);
    CHECK(saved[0].cursor == "next");
    const auto p = t.add_page(std::nullopt, 1, std::nullopt);
    CHECK_THROWS_AS(t.records_settled(p, 2), std::logic_error);
    CHECK_THROWS_AS(t.records_settled(p + 5), std::logic_error);
}

TEST_CASE("page tracker: wait_for_room blocks the reader while too many pages are open") {
    PageTracker t(Checkpoint{}, nullptr);
    std::vector<std::uint64_t> pages;
    for (int i = 0; i < 3; ++i) pages.push_back(t.add_page(std::string("c") + std::to_string(i), 1, std::nullopt));
    std::atomic<bool> passed{false};
    std::thread reader([&] {
        CHECK(t.wait_for_room(2, nullptr));
        passed = true;
    });
    std::this_thread::sleep_for(80ms);
    CHECK_FALSE(passed.load());
    t.records_settled(pages[0]);
    reader.join();
    CHECK(passed.load());
    CHECK(t.pages_tracked() == 2);

    photobridge::host::CancellationToken stop;
    stop.cancel();
    CHECK_FALSE(t.wait_for_room(0, &stop));
}
