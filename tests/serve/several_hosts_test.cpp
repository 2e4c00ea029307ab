// Several `photobridge serve` processes sharing one PostgreSQL state
// (sdk-docs/serve.md, "Running several hosts"): webhook events spread over
// them are each processed once even when one host is SIGKILLed half-way,
// and a schedule fires once per period across hosts. Checked at the mock
// (the Shootbin album) and in the shared state, never through a host's word.
#include "serve_child.hpp"
#include "serve_support.hpp"
#include "state/state_backend.hpp"
#include "support/postgres_server.hpp"
#include "support/skip.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <memory>
#include <thread>

using namespace serve_test;
using namespace std::chrono_literals;
using photobridge::testing::PostgresServer;

namespace {

bool postgres_missing() {
    if (const auto missing = PostgresServer::missing_binaries()) {
        photobridge::testing::skip("no PostgreSQL server to test against: " + *missing);
        return true;
    }
    return false;
}

struct Host {
    std::unique_ptr<Child> process;
    std::string url;
    fs::path err;  // its log
    bool alive = true;
};

// The end of every host's log, for a failing check.
std::string logs_of(const std::vector<Host>& hosts) {
    std::string out;
    for (const auto& h : hosts) {
        const std::string log = photobridge::testing::read_file(h.err);
        out += "--- " + h.err.filename().string() + "\n" + log.substr(log.size() > 3000 ? log.size() - 3000 : 0);
    }
    return out;
}

// `count` serve processes over `workflows`, sharing `state`.
std::vector<Host> start_hosts(int count, const fs::path& workflows, const std::string& state, const fs::path& logs) {
    std::vector<Host> hosts(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const fs::path out = logs / ("host" + std::to_string(i) + ".out");
        const fs::path err = logs / ("host" + std::to_string(i) + ".err");
        hosts[static_cast<std::size_t>(i)].process = std::make_unique<Child>(
            std::vector<std::string>{"serve", workflows.string(), "--listen", "127.0.0.1:0", "--state", state,
                                     "--claim-seconds", "3"},
            out, err);
        hosts[static_cast<std::size_t>(i)].url = listening_url(out);
        hosts[static_cast<std::size_t>(i)].err = err;
    }
    return hosts;
}

}  // namespace

TEST_CASE("several hosts: 3 serve processes, 2,000 webhooks spread over them, one SIGKILLed half-way: each event once, each photo once") {
    if (postgres_missing()) return;
    PostgresServer server;
    const std::string state = server.create_database("hosts");
    photobridge::testing::MockOptions mock_options;
    mock_options.dataset = 3200;  // about two in three submissions have both edits
    mock_options.seed = 11;
    photobridge::testing::MockServer mock(mock_options);
    const std::vector<std::string> submissions = submission_ids(mock, 2000);
    REQUIRE(submissions.size() == 2000);
    TempDir dir;
    const fs::path workflows = dir.path() / "workflows";
    fs::create_directories(workflows);
    write_snapbar_workflow(workflows, mock.base_url());
    auto hosts = start_hosts(3, workflows, state, dir.path());

    for (std::size_t i = 0; i < submissions.size(); ++i) {
        if (i == submissions.size() / 2) {  // half-way: the third host dies, whatever it holds
            hosts[2].process->signal(SIGKILL);
            CHECK(hosts[2].process->wait(10s) == 128 + SIGKILL);
            hosts[2].alive = false;
        }
        Host& host = hosts[hosts[2].alive ? i % 3 : i % 2];
        int status = 0;
        for (int attempt = 0; attempt < 20 && status != 202; ++attempt) {
            status = post_webhook(host.url, kWorkflow, valid_token(), id_only_body(submissions[i])).status;
            if (status == 503) std::this_thread::sleep_for(1s);  // Retry-After: 1
        }
        CAPTURE(submissions[i]);
        INFO(logs_of(hosts));
        REQUIRE(status == 202);
    }

    // Every event settled once, in the shared state.
    const auto store = photobridge::state::open_state_backend(state);
    std::vector<photobridge::state::WebhookEvent> events;
    const bool settled = eventually([&] {
        events = store->webhook_events(kWorkflow);
        return events.size() == submissions.size() &&
               std::all_of(events.begin(), events.end(), [](const auto& e) {
                   return e.status != photobridge::state::WebhookEventStatus::pending;
               });
    }, 240s);
    INFO(logs_of(hosts));
    CHECK(settled);
    std::size_t done = 0;
    for (const auto& e : events) {
        CAPTURE(e.event_key);
        CHECK(e.status == photobridge::state::WebhookEventStatus::done);
        CHECK(e.attempts == 1);
        done += e.status == photobridge::state::WebhookEventStatus::done ? 1 : 0;
    }
    CHECK(done == submissions.size());

    // Every photo of every submission in the album, once.
    check_each_photo_once(mock, expected_names(submissions));

    for (std::size_t i = 0; i < 2; ++i) {
        hosts[i].process->signal(SIGTERM);
        CHECK(hosts[i].process->wait(30s) == 0);
    }
}

TEST_CASE("several hosts: a schedule every second on 3 hosts for 10 s runs about 10 times, not 30") {
    if (postgres_missing()) return;
    PostgresServer server;
    const std::string state = server.create_database("schedules");
    photobridge::testing::MockOptions mock_options;
    mock_options.dataset = 20;
    photobridge::testing::MockServer mock(mock_options);
    TempDir dir;
    const fs::path workflows = dir.path() / "workflows";
    fs::create_directories(workflows);
    write_snapbar_workflow(workflows, mock.base_url(), "every = \"1s\"", "every-second");
    auto hosts = start_hosts(3, workflows, state, dir.path());
    const auto started = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(10s);
    for (auto& host : hosts) host.process->signal(SIGTERM);
    const auto stopped = std::chrono::steady_clock::now();
    for (auto& host : hosts) CHECK(host.process->wait(30s) == 0);

    const auto runs = photobridge::state::open_state_backend(state)->runs("every-second", 0);
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(stopped - started).count();
    MESSAGE(runs.size() << " runs in " << seconds << " s on 3 hosts");
    // At most one per second-slot across the hosts (the edges of the
    // window allow one or two more); three hosts each running their own
    // schedule would make about 30. Fewer than one a second only when runs
    // outlast their period on a loaded machine (ticks are skipped then).
    CHECK(runs.size() <= static_cast<std::size_t>(seconds + 2));
    CHECK(runs.size() >= static_cast<std::size_t>(seconds / 2));
    for (const auto& r : runs) CHECK(r.outcome != "running");
    // Each photo uploaded once although the workflow ran every second.
    for (const auto& [name, count] : album_uploads(mock)) {
        CAPTURE(name);
        CHECK(count == 1);
    }
}
