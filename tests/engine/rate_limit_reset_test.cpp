// Rate limits that say when they reset, without Retry-After: a stand-in
// provider on 127.0.0.1 allows N requests per one-second window and answers
// the rest 429 with only X-RateLimit-Reset (or RateLimit-Reset). The run
// waits for the reset on the whole connection, spends no record's attempts
// and dead-letters nothing. A reset beyond [policy] max_wait defers the run.
#include "engine_test_support.hpp"
#include "support/loopback_server.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <chrono>
#include <ctime>
#include <mutex>
#include <set>
#include <string>

using namespace photobridge;
using engine_test::TempDir;
using namespace std::chrono_literals;

namespace {

// N requests per whole second of the clock; the rest get 429 with the
// reset in the chosen header: "X-RateLimit-Reset" as a Unix time,
// "X-RateLimit-Reset-delta" as seconds, or "RateLimit-Reset" as seconds.
class WindowedProvider {
public:
    WindowedProvider(int per_window, std::string style, int reset_seconds = 0)
        : per_window_(per_window), style_(std::move(style)), reset_seconds_(reset_seconds),
          server_("rate-limited stand-in", [this](const httplib::Request& req, httplib::Response& res) { answer(req, res); }) {}

    std::string url() const { return server_.url(); }
    int limited() const {
        std::lock_guard lock(mutex_);
        return limited_;
    }
    std::set<std::string> served() const {
        std::lock_guard lock(mutex_);
        return served_;
    }
    int served_count() const {
        std::lock_guard lock(mutex_);
        return served_count_;
    }

private:
    void answer(const httplib::Request& req, httplib::Response& res) {
        const std::time_t now = std::time(nullptr);
        std::lock_guard lock(mutex_);
        if (now != window_) {
            window_ = now;
            used_ = 0;
        }
        if (used_ < per_window_) {
            ++used_;
            served_.insert(req.path);
            ++served_count_;
            res.set_content(R"({"ok":true})", "application/json");
            return;
        }
        ++limited_;
        res.status = 429;
        const int delta = reset_seconds_ > 0 ? reset_seconds_ : 1;
        if (style_ == "X-RateLimit-Reset") res.set_header("X-RateLimit-Reset", std::to_string(now + delta));
        else if (style_ == "X-RateLimit-Reset-delta") res.set_header("X-RateLimit-Reset", std::to_string(delta));
        else res.set_header("RateLimit-Reset", std::to_string(delta));
        res.set_header("X-RateLimit-Remaining", "0");
        res.set_content(R"({"error":"rate limited"})", "application/json");
    }

    const int per_window_;
    const std::string style_;
    const int reset_seconds_;
    mutable std::mutex mutex_;
    std::time_t window_ = 0;
    int used_ = 0;
    int limited_ = 0;
    int served_count_ = 0;
    std::set<std::string> served_;
    testing::LoopbackServer server_;  // last: destroyed first, before what its handler uses
};

}  // namespace

TEST_CASE("rate limit with only reset headers: everything syncs once, no attempt spent, no dead letter") {
    for (const char* style : {"X-RateLimit-Reset", "X-RateLimit-Reset-delta", "RateLimit-Reset"}) {
        CAPTURE(style);
        TempDir dir;
        WindowedProvider provider(8, style);
        auto wf = engine_test::hello_fetch_workflow(std::string("limited-") + style, 24, 24, provider.url());
        wf.policy.retry = model::RetryPolicy{2, 1, 5};  // two attempts: far fewer than the 429s to come
        auto store = state::open_sqlite_state_store(dir.path() / "state.db");
        const auto s = engine_test::run(wf, store.get());
        INFO(s.to_text());
        CHECK(s.outcome == "ok");
        CHECK(s.synced == 24);
        CHECK(s.dead_lettered == 0);
        CHECK(provider.limited() > 0);         // the limit was hit
        CHECK(provider.served().size() == 24);  // every item once
        CHECK(provider.served_count() == 24);
        CHECK(store->dead_letters(wf.name).empty());
    }
}

TEST_CASE("rate limit resetting after max_wait: the run is deferred (exit 75, resume_at), nothing dead-lettered") {
    TempDir dir;
    WindowedProvider provider(3, "X-RateLimit-Reset-delta", 3600);
    auto wf = engine_test::hello_fetch_workflow("deferred", 10, 10, provider.url());
    wf.policy.concurrency = 1;
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    const auto started = std::chrono::system_clock::now();
    const auto s = engine_test::run(wf, store.get());
    INFO(s.to_text());
    CHECK(s.outcome == "deferred");
    CHECK(s.exit_code == 75);
    CHECK(s.dead_lettered == 0);
    CHECK_FALSE(s.pass_complete);
    REQUIRE_FALSE(s.resume_at.empty());
    const auto wait = std::chrono::duration_cast<std::chrono::minutes>(s.resume_time - started).count();
    CHECK(wait >= 59);
    CHECK(wait <= 61);
    CHECK(s.to_json().at("resume_at").as_string() == s.resume_at);
    CHECK(s.to_text().find("deferred until " + s.resume_at) != std::string::npos);
    CHECK(store->dead_letters(wf.name).empty());
    const auto runs = store->runs(wf.name, 1);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].outcome == "deferred");
    CHECK(runs[0].counts_json.find("\"resume_at\":\"" + s.resume_at + "\"") != std::string::npos);
}
