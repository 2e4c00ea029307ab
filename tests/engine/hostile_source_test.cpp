// Sources that would trap the engine, served by stand-in servers on
// 127.0.0.1 that the real plugins page through: the same page for ever
// (HeadshotPro-compatible, hasMore always true, a total of 10^9), a next
// cursor that never changes and a cursor cycle of length 3
// (Shootbin-compatible). Each pass ends with exit 1 naming the connection,
// the stream and the cursor. A watchdog cancels a run that would not end,
// so a regression fails the test instead of hanging it.
#include "engine_test_support.hpp"
#include "support/loopback_server.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

using namespace photobridge;
using engine_test::CountingServer;
using engine_test::TempDir;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

// Runs `wf`, cancelling it after `limit`; `finished_in_time` says whether
// it ended on its own.
struct TimedRun {
    engine::RunSummary summary;
    bool finished_in_time = false;
};

TimedRun run_with_watchdog(const model::Workflow& wf, state::StateStore* store, std::chrono::seconds limit) {
    engine::RunOptions options;
    options.stop = std::make_shared<host::CancellationToken>();
    options.abort = std::make_shared<host::CancellationToken>();
    options.shutdown_grace = 1000ms;
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false;
    std::atomic<bool> fired{false};
    std::thread watchdog([&] {
        std::unique_lock lock(mutex);
        if (!cv.wait_for(lock, limit, [&] { return done; })) {
            fired = true;
            options.stop->cancel();
            options.abort->cancel();
        }
    });
    TimedRun out;
    out.summary = engine_test::run(wf, store, options);
    {
        std::lock_guard lock(mutex);
        done = true;
    }
    cv.notify_all();
    watchdog.join();
    out.finished_in_time = !fired;
    return out;
}

// The hello numbers -> fetch workflow with its source swapped for `plugin`.`stream`.
model::Workflow hostile_workflow(const std::string& name, const std::string& plugin, const std::string& stream,
                                 json::object config, json::object params, const std::string& sink_url) {
    model::Workflow wf = engine_test::hello_fetch_workflow(name, 1, 10, sink_url);
    model::Connection source;
    source.name = "src";
    source.plugin = plugin;
    source.config = std::move(config);
    wf.connections["src"] = source;
    wf.source.connection = "src";
    wf.source.stream = stream;
    wf.source.params = std::move(params);
    wf.source.page_size = 10;
    return wf;
}

json::object headshotpro_photo(const std::string& id) {
    return {{"id", id},
            {"modelId", "m1"},
            {"member", {{"id", "u1"}, {"email", "a@example.com"}, {"name", "A"}, {"teamId", "t"}, {"teamName", "T"}}},
            {"likedStatus", "loved"},
            {"urls", {{"main", "https://cdn.example/a.jpg"}}},
            {"expiresAt", "2030-01-01T00:00:00.000Z"}};
}

json::object shootbin_photo(std::int64_t id) {
    return {{"id", id},
            {"album_id", 12},
            {"title", "Frame"},
            {"description", nullptr},
            {"tags", json::array()},
            {"original_filename", "IMG_" + std::to_string(id) + ".jpg"},
            {"approved_at", nullptr},
            {"revision_uploaded_at", nullptr},
            {"has_annotations", false},
            {"image_url", "https://cdn.example/p.jpg"},
            {"revisions", json::array()},
            {"annotations", json::array()}};
}

// A Shootbin-compatible album listing: every page has new photos; the next
// cursor after cursor c is next_of(c) (c is "" on the first page).
class ShootbinStandIn {
public:
    explicit ShootbinStandIn(std::function<std::string(const std::string&)> next_of)
        : next_of_(std::move(next_of)), server_("shootbin stand-in", [this](const httplib::Request& req, httplib::Response& res) {
              const std::string cursor = req.has_param("cursor") ? req.get_param_value("cursor") : "";
              json::array photos;
              for (int i = 0; i < 3; ++i) photos.push_back(shootbin_photo(++last_id_));
              const json::object body{{"data", photos}, {"photos", photos}, {"next_cursor", next_of_(cursor)}, {"has_more", true},
                                      {"meta", {{"per_page", 3}}}};
              res.set_content(json::serialize(body), "application/json");
          }) {}
    std::string url() const { return server_.url(); }

private:
    std::function<std::string(const std::string&)> next_of_;
    std::atomic<std::int64_t> last_id_{0};
    testing::LoopbackServer server_;
};

// One run of the hello sink workflow over a Shootbin stand-in whose next
// cursor after cursor c is next_of(c).
TimedRun run_against_shootbin(const std::string& name, std::function<std::string(const std::string&)> next_of) {
    TempDir dir;
    CountingServer sink;
    ShootbinStandIn provider(std::move(next_of));
    const auto wf = hostile_workflow(name, "shootbin", "album_photos", {{"base_url", provider.url()}, {"token", "t"}},
                                     {{"project", 1}, {"album", 12}}, sink.url());
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    return run_with_watchdog(wf, store.get(), 60s);
}

}  // namespace

TEST_CASE("hostile source: the same page for ever (hasMore, total 10^9) ends the pass with exit 1") {
    TempDir dir;
    CountingServer sink;
    std::atomic<int> pages{0};
    testing::LoopbackServer provider("headshotpro stand-in", [&](const httplib::Request&, httplib::Response& res) {
        ++pages;
        const json::object body{{"success", true},
                                {"photos", json::array{headshotpro_photo("507f1f77bcf86cd799439022")}},
                                {"pagination", {{"total", 1000000000}, {"limit", 10}, {"offset", 0}, {"hasMore", true}}}};
        res.set_content(json::serialize(body), "application/json");
    });
    const auto wf = hostile_workflow("same-page", "headshotpro", "org_favorites",
                                     {{"base_url", provider.url()}, {"api_key", "k"}}, {}, sink.url());
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    const TimedRun r = run_with_watchdog(wf, store.get(), 60s);
    INFO(r.summary.to_text());
    CHECK(r.finished_in_time);
    CHECK(r.summary.outcome == "failed");
    CHECK(r.summary.exit_code == 1);
    CHECK(r.summary.failure.find("source src.org_favorites") != std::string::npos);
    CHECK(r.summary.failure.find("3 pages in a row brought only records this pass had already read") != std::string::npos);
    CHECK(r.summary.failure.find("next cursor '") != std::string::npos);
    CHECK(r.summary.pages == 4);  // the first page and three repeats
    CHECK(pages.load() < 20);     // the fetcher reads a few pages ahead, no more
    CHECK(sink.total() <= 1);    // the one photo at most once (a failed run stops its work in flight)
}

TEST_CASE("hostile source: a next cursor that never changes ends the pass with exit 1 naming it") {
    const TimedRun r = run_against_shootbin("same-cursor", [](const std::string&) { return std::string("eyJpZCI6MTIzfQ"); });
    INFO(r.summary.to_text());
    CHECK(r.finished_in_time);
    CHECK(r.summary.exit_code == 1);
    CHECK(r.summary.failure.find("source src.album_photos") != std::string::npos);
    // The plugin refuses a next cursor equal to the one it sent, before the
    // engine's own check would.
    CHECK(r.summary.failure.find("repeats the cursor of the request") != std::string::npos);
}

TEST_CASE("hostile source: a next cursor of an earlier page ends the pass with exit 1 naming it") {
    const TimedRun r = run_against_shootbin("repeated-cursor",
                                            [](const std::string& c) { return c == "a" ? std::string("b") : std::string("a"); });
    INFO(r.summary.to_text());
    CHECK(r.finished_in_time);
    CHECK(r.summary.exit_code == 1);
    CHECK(r.summary.failure.find("source src.album_photos") != std::string::npos);
    CHECK(r.summary.failure.find("page 3 gave the next cursor 'a', which this pass has already read") !=
          std::string::npos);
}

TEST_CASE("hostile source: a cursor cycle of length 3 ends the pass with exit 1 at the first repeat") {
    const TimedRun r = run_against_shootbin("cursor-cycle", [](const std::string& c) {
        if (c.empty() || c == "c") return std::string("a");
        return c == "a" ? std::string("b") : std::string("c");
    });
    INFO(r.summary.to_text());
    CHECK(r.finished_in_time);
    CHECK(r.summary.exit_code == 1);
    CHECK(r.summary.failure.find("page 4 gave the next cursor 'a'") != std::string::npos);
    CHECK(r.summary.pages == 4);
}

TEST_CASE("max_pages bounds a pass: reported, exit 0, and the next run goes on from there") {
    TempDir dir;
    CountingServer sink;
    ShootbinStandIn provider([](const std::string& c) {
        const int n = c.empty() ? 0 : std::stoi(c);
        return n >= 5 ? std::string() : std::to_string(n + 1);
    });
    auto wf = hostile_workflow("bounded", "shootbin", "album_photos", {{"base_url", provider.url()}, {"token", "t"}},
                               {{"project", 1}, {"album", 12}}, sink.url());
    wf.policy.max_pages = 2;
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    const TimedRun first = run_with_watchdog(wf, store.get(), 60s);
    INFO(first.summary.to_text());
    CHECK(first.summary.exit_code == 0);
    CHECK(first.summary.pages == 2);
    CHECK_FALSE(first.summary.pass_complete);
    CHECK(first.summary.pass_bounded.find("max_pages = 2 reached; the next run goes on from cursor '2'") !=
          std::string::npos);
    CHECK(first.summary.to_text().find("pass stopped: [policy] max_pages = 2") != std::string::npos);
    const TimedRun second = run_with_watchdog(wf, store.get(), 60s);
    CHECK(second.summary.resumed);
    CHECK(second.summary.pages == 2);
    CHECK(sink.total() == 12);  // 4 pages of 3 new photos, each once
}
