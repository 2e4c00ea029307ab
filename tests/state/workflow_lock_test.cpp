// The workflow run lock of the SQLite store: one holder per workflow and
// state, taken again as soon as the holder lets go or dies.
#include "state/sqlite_state_store.hpp"
#include "state/workflow_lock_file.hpp"
#include "temp_folder.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <string>
#include <thread>

using namespace photobridge::state;
using photobridge::testing::TempFolder;
using namespace std::chrono_literals;

namespace {

std::string busy_text(SqliteStateStore& store, const std::string& workflow, LockWait wait = {}) {
    try {
        auto lock = store.lock_workflow(workflow, wait);
    } catch (const WorkflowBusy& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("workflow lock: one holder per workflow, others refused with the holder named, free again once released") {
    TempFolder dir;
    SqliteStateStore store(dir / "state.db");
    SqliteStateStore other_handle(dir / "state.db");  // another run's handle on the same database
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
    TempFolder dir;
    SqliteStateStore store(dir / "state.db");
    auto held = std::make_unique<std::unique_ptr<WorkflowLock>>(store.lock_workflow("wf", LockWait{}));

    int polls = 0;
    LockWait give_up{true, [&] { return ++polls < 3; }};
    CHECK(busy_text(store, "wf", give_up) != "");
    CHECK(polls == 3);

    std::atomic<bool> got{false};
    std::thread waiter([&] {
        auto lock = store.lock_workflow("wf", LockWait{true, nullptr});
        got = true;
    });
    std::this_thread::sleep_for(300ms);
    CHECK_FALSE(got.load());
    held.reset();  // the holder ends
    waiter.join();
    CHECK(got.load());
}

TEST_CASE("workflow lock: a holder killed with SIGKILL leaves no lock behind") {
    TempFolder dir;
    const auto path = dir / "state.db";
    { SqliteStateStore create(path); }
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        try {
            auto lock = lock_workflow_file(path, "wf", LockWait{});
            if (::write(ready[1], "x", 1) != 1) ::_exit(2);
            for (;;) ::pause();
        } catch (...) {
            ::_exit(3);
        }
    }
    char byte = 0;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    SqliteStateStore store(path);
    CHECK(busy_text(store, "wf").find("pid " + std::to_string(child)) != std::string::npos);
    ::kill(child, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(busy_text(store, "wf") == "");
    ::close(ready[0]);
    ::close(ready[1]);
}

TEST_CASE("workflow lock: names that differ only in characters a file name cannot hold get different files") {
    TempFolder dir;
    const auto a = workflow_lock_path(dir / "state.db", "studio/a");
    const auto b = workflow_lock_path(dir / "state.db", "studio:a");
    CHECK(a != b);
    CHECK(a.parent_path() == dir / "state.db.locks");
    CHECK(a.filename().string().find('/') == std::string::npos);
}
