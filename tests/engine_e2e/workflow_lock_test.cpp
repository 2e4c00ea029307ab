// One run of a workflow at a time on one state: a second `photobridge run`
// of a workflow that is under way refuses (exit 1) or, with --wait, goes
// after it; a run killed with SIGKILL leaves no lock behind. Counted at the
// mock: every favorite exactly once in the album.
#include "e2e_support.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>
#include <thread>

using namespace std::chrono_literals;

namespace {

// Waits until `child` has uploaded at least `n` photos (it holds the lock
// then), failing the test when it ends or takes too long first.
void wait_for_uploads(e2e::Child& child, const photobridge::testing::MockServer& mock, int n) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (e2e::journal_uploads(mock) < n) {
        REQUIRE_MESSAGE(child.running(), "the first run ended before it had uploaded ", n, " photos");
        REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "the first run did not get going");
        std::this_thread::sleep_for(5ms);
    }
}

// A workflow written against a fresh mock, with its state file: what each
// test below starts its runs from.
struct Scene {
    explicit Scene(const std::string& name, int concurrency = 8) : mock(e2e::start_mock()) {
        e2e::WorkflowText text;
        text.name = name;
        text.concurrency = concurrency;
        file = e2e::write_workflow(dir.path(), mock->base_url(), text);
        state = dir.path() / "state.db";
    }
    // `photobridge run FILE --state STATE [extra...]`, its output in dir/LOG.
    e2e::Child run(const std::string& log, std::vector<std::string> extra = {}) const {
        std::vector<std::string> args{"run", file.string(), "--state", state.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return e2e::Child(args, dir.path() / log);
    }
    void check_every_favorite_once() const {
        e2e::check_exactly_once(e2e::album_uploads(*mock), e2e::favorite_names(*mock, "headshotpro-"));
    }

    std::unique_ptr<photobridge::testing::MockServer> mock;
    e2e::TempDir dir;
    std::filesystem::path file;
    std::filesystem::path state;
};

}  // namespace

TEST_CASE("e2e: a second run of a workflow under way refuses with exit 1, the first syncs every favorite once") {
    const Scene scene("favorites-to-album", 2);  // slow enough for the second run to meet the first
    e2e::Child first = scene.run("first.log");
    wait_for_uploads(first, *scene.mock, 20);
    e2e::Child second = scene.run("second.log");
    const int second_rc = second.wait(30s);
    const std::string second_log = e2e::read_file(scene.dir.path() / "second.log");
    INFO(second_log);
    CHECK(second_rc == 1);
    CHECK(second_log.find("is already running on state") != std::string::npos);
    CHECK(second_log.find("pid " + std::to_string(first.pid())) != std::string::npos);

    CHECK(first.wait(120s) == 0);
    scene.check_every_favorite_once();
}

TEST_CASE("e2e: with --wait the second run goes after the first and writes nothing twice") {
    const Scene scene("waits-its-turn", 2);
    e2e::Child first = scene.run("first.log");
    wait_for_uploads(first, *scene.mock, 20);
    e2e::Child second = scene.run("second.log", {"--wait", "--json"});
    CHECK(first.wait(120s) == 0);
    CHECK(second.wait(120s) == 0);
    INFO(e2e::read_file(scene.dir.path() / "second.log"));
    scene.check_every_favorite_once();
}

TEST_CASE("e2e: the lock of a run killed with SIGKILL is gone with it: the next run starts without cleanup") {
    const Scene scene("killed-holder");
    {
        e2e::Child first = scene.run("first.log");
        wait_for_uploads(first, *scene.mock, 50);
        first.signal(SIGKILL);
        CHECK(first.wait(10s) == 128 + SIGKILL);
    }
    e2e::Child next = scene.run("next.log");
    const int rc = next.wait(120s);
    INFO(e2e::read_file(scene.dir.path() / "next.log"));
    CHECK(rc == 0);
    scene.check_every_favorite_once();
}
