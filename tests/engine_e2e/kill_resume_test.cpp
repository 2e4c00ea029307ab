// The photobridge program killed with SIGKILL at several points of a run,
// then resumed: every record must be at the sink exactly once.
#include "e2e_support.hpp"
#include "host/plugin_registry.hpp"
#include "state/state_store.hpp"
#include "support/postgres_server.hpp"
#include "support/skip.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <fstream>
#include <set>
#include <thread>

using namespace photobridge;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// Runs the program until `ready()` says so, then kills it with SIGKILL.
// Returns false when the run finished before that point.
template <typename Ready>
bool run_until_then_kill(const fs::path& file, const std::string& state, const fs::path& log, Ready ready) {
    e2e::Child child({"run", file.string(), "--state", state}, log);
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (child.running()) {
        if (ready()) {
            child.signal(SIGKILL);
            CHECK(child.wait(10s) == 128 + SIGKILL);
            return true;
        }
        if (std::chrono::steady_clock::now() > deadline) FAIL("the run did not reach the kill point");
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

int manifest_lines(const fs::path& dir) {
    std::ifstream in(dir / "manifest.jsonl");
    int n = 0;
    for (std::string line; std::getline(in, line);) ++n;
    return n;
}

// HeadshotPro favorites -> Shootbin through `shootbin_plugin`, killed with
// SIGKILL after 50, 300 and 700 uploads, then resumed to the end. The state
// is `state_location` (a postgresql:// URI), or a file in the test's folder.
void kill_three_times_then_resume(const std::string& shootbin_plugin, const std::string& state_location = "") {
    // Exactly once across a SIGKILL needs the sink's lookup (the ledger
    // protocol in sdk-docs/workflows.md): without one, an upload that landed
    // just before the kill is made again on resume.
    {
        const auto plugins = host::plugin_search_path({});
        host::PluginRegistry registry;
        registry.load_search_path(plugins);  // what the child program will load
        const auto shootbin = registry.find(shootbin_plugin);
        REQUIRE(shootbin);
        CHECK_MESSAGE(shootbin->extensions.sink_lookup != nullptr,
                      "the plugin offers no sink-lookup extension (see sdk-docs/workflows.md, "
                      "'State and guarantees'): resumed runs can upload twice");
    }
    auto mock = e2e::start_mock();
    e2e::TempDir dir;
    e2e::WorkflowText text;
    text.shootbin_plugin = shootbin_plugin;
    const auto file = e2e::write_workflow(dir.path(), mock->base_url(), text);
    const std::string state = state_location.empty() ? (dir.path() / "state.db").string() : state_location;
    const auto expected = e2e::favorite_names(*mock, "headshotpro-");

    int kills = 0;
    for (int at : {50, 300, 700}) {
        // The album, as the mock holds it, decides when to kill.
        const int before = static_cast<int>(e2e::album_uploads(*mock).size());
        mock->clear_journal();
        const bool killed = run_until_then_kill(file, state, dir.path() / "run.log",
                                                [&] { return before + e2e::journal_uploads(*mock) >= at; });
        kills += killed ? 1 : 0;
    }
    CHECK(kills == 3);
    e2e::Child last({"run", file.string(), "--state", state}, dir.path() / "run.log");
    const int rc = last.wait(90s);
    INFO(e2e::read_file(dir.path() / "run.log"));
    CHECK(rc == 0);
    e2e::check_exactly_once(e2e::album_uploads(*mock), expected);
    // A re-run over the unchanged source uploads nothing more.
    mock->clear_journal();
    e2e::Child again({"run", file.string(), "--state", state}, dir.path() / "again.log");
    CHECK(again.wait(60s) == 0);
    CHECK(e2e::journal_uploads(*mock) == 0);
}

}  // namespace

TEST_CASE("e2e: SIGKILL after 50, 300 and 700 uploads, then a resume: every favorite once in the album") {
    kill_three_times_then_resume("shootbin");
}

TEST_CASE("e2e: the same kills with the provider-file replica shootbin_declarative as the sink: every favorite once") {
    kill_three_times_then_resume("shootbin_declarative");
}

TEST_CASE("e2e: the same kills with the state in PostgreSQL: every favorite once, and a re-run uploads nothing") {
    if (const auto missing = testing::PostgresServer::missing_binaries()) {
        testing::skip("no PostgreSQL server to test against: " + *missing);
        return;
    }
    testing::PostgresServer server;
    kill_three_times_then_resume("shootbin", server.create_database("photobridge"));
}

TEST_CASE("e2e: SIGKILL during a sync into a folder, then a resume: each file once, no temporary files left") {
    auto mock = e2e::start_mock();
    e2e::TempDir dir;
    e2e::WorkflowText text;
    text.name = "folder-kill";
    text.sink = "files";
    const fs::path out = dir.path() / "out";
    text.files_dir = out.string();
    const auto file = e2e::write_workflow(dir.path(), mock->base_url(), text);
    const auto state = dir.path() / "state.db";
    int kills = 0;
    for (int at : {100, 450, 800})
        kills += run_until_then_kill(file, state, dir.path() / "run.log", [&] { return manifest_lines(out) >= at; }) ? 1 : 0;
    CHECK(kills == 3);
    e2e::Child last({"run", file.string(), "--state", state.string()}, dir.path() / "run.log");
    CHECK(last.wait(90s) == 0);

    const auto expected = e2e::favorite_names(*mock, "");
    std::set<std::string> files;
    int temporaries = 0;
    for (const auto& e : fs::directory_iterator(out)) {
        const std::string name = e.path().filename().string();
        if (name == "manifest.jsonl") continue;
        if (name.find(".tmp-") != std::string::npos) ++temporaries;
        else files.insert(name);
    }
    CHECK(files == std::set<std::string>(expected.begin(), expected.end()));
    CHECK(temporaries == 0);
    // The manifest is a log of writes: no file is written twice, and a kill
    // can cost the lines of the writes caught between their rename and their
    // append: at most one per worker (concurrency 8) per kill.
    std::ifstream manifest(out / "manifest.jsonl");
    std::map<std::string, int> lines;
    for (std::string line; std::getline(manifest, line);)
        ++lines[std::string(boost::json::parse(line).at("path").as_string())];
    for (const auto& [name, n] : lines) CHECK(n == 1);
    CHECK(lines.size() + 3 * 8 >= expected.size());
}

TEST_CASE("e2e: SIGTERM stops cleanly with exit 130 and a checkpoint, the resume finishes the job") {
    auto mock = e2e::start_mock();
    e2e::TempDir dir;
    e2e::WorkflowText text;
    text.name = "terminated";
    const auto file = e2e::write_workflow(dir.path(), mock->base_url(), text);
    const auto state = dir.path() / "state.db";
    {
        // Slow pages, so that the SIGTERM after 200 uploads comes while pages
        // are still unread (a fast run could otherwise have read them all
        // and have nothing left to stop).
        mock->admin("POST", "/__admin/faults",
                    R"({"rules": [{"id": "slow-pages", "provider": "headshotpro", "method": "GET",
                                   "path": "/organization/photos/favorites", "latency_ms": 300}]})");
        mock->clear_journal();
        e2e::Child child({"run", file.string(), "--state", state.string()}, dir.path() / "run.log");
        while (child.running() && e2e::journal_uploads(*mock) < 200) std::this_thread::sleep_for(10ms);
        child.signal(SIGTERM);
        CHECK(child.wait(30s) == 130);
        const std::string log = e2e::read_file(dir.path() / "run.log");
        INFO(log);
        CHECK(log.find("stopping") != std::string::npos);
        CHECK(log.find("interrupted") != std::string::npos);
    }
    mock->admin("DELETE", "/__admin/faults");
    e2e::Child resume({"run", file.string(), "--state", state.string()}, dir.path() / "resume.log");
    CHECK(resume.wait(60s) == 0);
    const std::string log = e2e::read_file(dir.path() / "resume.log");
    INFO(log);
    // The run history says what happened: interrupted, then ok.
    const auto runs = state::open_sqlite_state_store(state)->runs(text.name, 10);
    REQUIRE(runs.size() == 2);
    CHECK(runs[0].outcome == "ok");
    CHECK(runs[1].outcome == "interrupted");
    CHECK(runs[1].finished_at != "");
    e2e::check_exactly_once(e2e::album_uploads(*mock), e2e::favorite_names(*mock, "headshotpro-"));
}
