// The workflow run lock on every backend (store_under_test.hpp): one holder
// per workflow and state, taken again as soon as the holder lets go or
// dies, the holder named in the refusal.
#include "state/lease_counters.hpp"
#include "store_under_test.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <string>
#include <thread>

using namespace photobridge::state;
using photobridge::testing::StoreUnderTest;
using namespace std::chrono_literals;

namespace {

std::string busy_text(StateBackend& store, const std::string& workflow, LockWait wait = {}) {
    try {
        auto lock = store.lock_workflow(workflow, wait);
    } catch (const WorkflowBusy& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("workflow lock: one holder per workflow, others refused with the holder named, free again once released") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store_handle = under_test->open();
    const auto other = under_test->open();  // another run's handle on the same store
    StateBackend& store = *store_handle;
    StateBackend& other_handle = *other;
    {
        auto held = store.lock_workflow("favorites", LockWait{});
        const std::string refused = busy_text(other_handle, "favorites");
        CHECK(refused.find("workflow 'favorites' is already running on state") != std::string::npos);
        CHECK(refused.find("pid " + std::to_string(::getpid())) != std::string::npos);
        CHECK(refused.find("--wait") != std::string::npos);
        CHECK(busy_text(store, "favorites") != "");             // the same handle too: one run at a time
        CHECK(busy_text(other_handle, "another-workflow") == "");  // other workflows are not held
    }
    CHECK(busy_text(other_handle, "favorites") == "");
}

TEST_CASE("workflow lock: a waiting run gets the lock when the holder ends, and gives up when told to") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store_handle = under_test->open();
    StateBackend& store = *store_handle;
    auto held = std::make_unique<std::unique_ptr<WorkflowLock>>(store.lock_workflow("wf", LockWait{}));

    int polls = 0;
    LockWait give_up{true, [&] { return ++polls < 3; }, nullptr};
    CHECK(busy_text(store, "wf", give_up) != "");
    CHECK(polls == 3);

    std::atomic<bool> got{false};
    std::thread waiter([&] {
        auto lock = store.lock_workflow("wf", LockWait{true, nullptr, nullptr});
        got = true;
    });
    std::this_thread::sleep_for(300ms);
    CHECK_FALSE(got.load());
    held.reset();  // the holder ends
    waiter.join();
    CHECK(got.load());
}

TEST_CASE("workflow lock: a holder killed with SIGKILL leaves no lock behind") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    under_test->open();  // created before the fork
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        try {
            auto child_store = under_test->open();
            auto lock = child_store->lock_workflow("wf", LockWait{});
            if (::write(ready[1], "x", 1) != 1) ::_exit(2);
            for (;;) ::pause();
        } catch (...) {
            ::_exit(3);
        }
    }
    char byte = 0;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    const auto store_handle = under_test->open();
    StateBackend& store = *store_handle;
    CHECK(busy_text(store, "wf").find("pid " + std::to_string(child)) != std::string::npos);
    ::kill(child, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    // PostgreSQL notices the closed session at once; allow it a moment.
    const auto rescued_before = lease_counters().rescued.load();
    std::string after;
    for (int i = 0; i < 50 && !(after = busy_text(store, "wf")).empty(); ++i) std::this_thread::sleep_for(100ms);
    CHECK(after == "");
    // Taken from a holder that never let go: a rescue, for /metrics.
    CHECK(lease_counters().rescued.load() == rescued_before + 1);
    ::close(ready[0]);
    ::close(ready[1]);
}

