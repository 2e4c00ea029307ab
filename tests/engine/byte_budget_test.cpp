// ByteBudget: the bytes of sink tasks in flight. Admits while they fit,
// always one task when nothing is in flight (a photo larger than the
// budget still goes through), waits for releases otherwise, and gives up
// when the run stops.
#include "engine/byte_budget.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

using photobridge::engine::ByteBudget;
using namespace std::chrono_literals;

namespace {
const auto never = [] { return false; };
}

TEST_CASE("byte budget: admits while the bytes fit, and one task of any size when nothing is in flight") {
    ByteBudget budget(100);
    CHECK(budget.acquire(0, never) == nullptr);  // no bytes, no ticket
    auto huge = budget.acquire(1000, never);     // alone: admitted
    REQUIRE(huge != nullptr);
    CHECK(budget.in_flight() == 1000);
    huge.reset();
    CHECK(budget.in_flight() == 0);
    auto a = budget.acquire(60, never);
    auto b = budget.acquire(40, never);
    CHECK(budget.in_flight() == 100);
    a.reset();
    b.reset();
    CHECK(budget.in_flight() == 0);
}

TEST_CASE("byte budget: a task that does not fit waits for a release, or gives up when the run stops") {
    ByteBudget budget(100);
    auto held = budget.acquire(80, never);
    std::atomic<bool> admitted{false};
    std::thread waiter([&] {
        auto ticket = budget.acquire(50, never);
        admitted = ticket != nullptr;
    });
    std::this_thread::sleep_for(150ms);
    CHECK_FALSE(admitted.load());
    held.reset();
    waiter.join();
    CHECK(admitted.load());
    CHECK(budget.in_flight() == 0);

    auto again = budget.acquire(80, never);
    std::atomic<bool> stop{false};
    std::thread stopper([&] {
        std::this_thread::sleep_for(100ms);
        stop = true;
    });
    CHECK(budget.acquire(50, [&] { return stop.load(); }) == nullptr);
    stopper.join();
    CHECK(budget.in_flight() == 80);
}
