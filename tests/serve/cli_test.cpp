// The real `photobridge serve` program: the "listening on" line, a webhook
// refused without the token reaching the log, SIGTERM exits 0, and setup
// errors exit 2 with FILE:LINE:COLUMN.
#include "serve_child.hpp"
#include "serve_support.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

using namespace serve_test;
using namespace std::chrono_literals;
using photobridge::testing::read_file;


TEST_CASE("photobridge serve: prints where it listens, refuses a forged webhook quietly, exits 0 on SIGTERM") {
    TempDir dir;
    const fs::path workflows = dir.path() / "workflows";
    fs::create_directories(workflows);
    write_snapbar_workflow(workflows, "http://127.0.0.1:1");
    const fs::path out = dir.path() / "out.txt", err = dir.path() / "err.txt";
    Child child({"serve", workflows.string(), "--listen", "127.0.0.1:0", "--state", (dir.path() / "s.db").string()}, out,
                err);
    const std::string base = listening_url(out);

    CHECK(http_get(base, "/healthz").status == 200);
    std::string forged = valid_token();
    forged.back() = forged.back() == 'A' ? 'B' : 'A';
    CHECK(post_webhook(base, kWorkflow, forged, id_only_body()).status == 401);

    child.signal(SIGTERM);
    CHECK(child.wait(15s) == 0);
    const std::string log = read_file(err);
    CHECK(log.find("webhook rejected") != std::string::npos);
    CHECK(log.find(forged) == std::string::npos);
    CHECK(log.find(forged.substr(0, forged.find('.'))) == std::string::npos);
    CHECK(log.find(kSecret) == std::string::npos);
}

TEST_CASE("photobridge serve --admin-listen: a second line names the admin listener, which alone serves /metrics") {
    TempDir dir;
    const fs::path workflows = dir.path() / "workflows";
    fs::create_directories(workflows);
    write_snapbar_workflow(workflows, "http://127.0.0.1:1");
    const fs::path out = dir.path() / "out.txt", err = dir.path() / "err.txt";
    Child child({"serve", workflows.string(), "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0",
                 "--max-connections", "100", "--max-connections-per-peer", "50", "--state", (dir.path() / "s.db").string()},
                out, err);
    const std::string base = listening_url(out);
    const std::string admin = printed(out, std::regex(R"(\nadmin on (http://127\.0\.0\.1:[0-9]+) \(/healthz, /metrics\)\n)"));
    CHECK(admin != base);
    CHECK(http_get(admin, "/metrics").status == 200);
    CHECK(http_get(admin, "/healthz").status == 200);
    CHECK(http_get(base, "/metrics").status == 404);
    CHECK(http_get(base, "/healthz").status == 200);
    child.signal(SIGTERM);
    CHECK(child.wait(15s) == 0);
}

TEST_CASE("photobridge serve: a broken workflow or a bad --listen exits 2 and serves nothing") {
    TempDir dir;
    write_snapbar_workflow(dir.path(), "http://127.0.0.1:1", "every = \"soon\"");
    const fs::path out = dir.path() / "out.txt", err = dir.path() / "err.txt";
    {
        Child child({"serve", dir.path().string(), "--listen", "127.0.0.1:0", "--state", (dir.path() / "s.db").string()},
                    out, err);
        CHECK(child.wait(15s) == 2);
        const std::string log = read_file(err);
        CAPTURE(log);
        CHECK(log.find((dir.path() / (std::string(kWorkflow) + ".toml")).string() + ":") != std::string::npos);
        CHECK(log.find("trigger.every") != std::string::npos);
        CHECK(read_file(out).find("listening") == std::string::npos);
    }
    for (const char* bad : {"nonsense", "127.0.0.1", "127.0.0.1:99999", "127.0.0.1:http"}) {
        CAPTURE(bad);
        Child child({"serve", dir.path().string(), "--listen", bad}, out, err);
        CHECK(child.wait(15s) == 2);
        CHECK(read_file(err).find("--listen must be HOST:PORT") != std::string::npos);
        Child admin({"serve", dir.path().string(), "--listen", "127.0.0.1:0", "--admin-listen", bad}, out, err);
        CHECK(admin.wait(15s) == 2);
        CHECK(read_file(err).find("--admin-listen must be HOST:PORT") != std::string::npos);
    }
    Child zero({"serve", dir.path().string(), "--listen", "127.0.0.1:0", "--max-connections", "0"}, out, err);
    CHECK(zero.wait(15s) == 2);
    CHECK(read_file(err).find("--max-connections") != std::string::npos);
}

TEST_CASE("photobridge serve killed (SIGKILL) after accepting a webhook, before it ran: synced once after restart") {
    auto mock = start_mock();
    // The submission fetch is slow, so the kill lands before anything is written.
    mock->admin("POST", "/__admin/faults",
                std::string(R"({"rules": [{"id": "slow-fetch", "provider": "snapbar", "method": "GET", "path": "/submissions/)") +
                    kSubmission + R"(", "latency_ms": 2000}]})");
    TempDir dir;
    const fs::path workflows = dir.path() / "workflows";
    fs::create_directories(workflows);
    write_snapbar_workflow(workflows, mock->base_url());
    const fs::path state = dir.path() / "s.db";
    const fs::path out = dir.path() / "out.txt", err = dir.path() / "err.txt";
    {
        Child child({"serve", workflows.string(), "--listen", "127.0.0.1:0", "--state", state.string()}, out, err);
        const std::string base_url = listening_url(out);
        REQUIRE(post_webhook(base_url, kWorkflow, valid_token(), id_only_body()).status == 202);
        child.signal(SIGKILL);
        CHECK(child.wait(10s) == 128 + SIGKILL);
    }
    mock->admin("DELETE", "/__admin/faults");
    CHECK(album_uploads(*mock).empty());

    auto service = make_service(workflows, state);
    service->start();
    REQUIRE(eventually([&] { return only_event_done(*service); }));
    check_each_photo_once(*mock, expected_names());
    service->stop();
}

TEST_CASE("photobridge serve killed between the photos of a submission (variant = \"*\"): each photo once after restart") {
    auto mock = start_mock();
    std::string submission;
    const auto names = photo_names_of_a_submission_with(*mock, 3, submission);
    REQUIRE(names.size() == 3);
    // Each upload takes a while, so the kill lands after the first photo
    // and before the last.
    mock->admin("POST", "/__admin/faults",
                R"({"rules": [{"id": "slow-upload", "provider": "shootbin", "method": "POST", "latency_ms": 1200}]})");
    TempDir dir;
    const fs::path workflows = dir.path() / "workflows";
    fs::create_directories(workflows);
    write_fan_out_workflow(workflows, mock->base_url());
    const fs::path state = dir.path() / "s.db";
    const fs::path out = dir.path() / "out.txt", err = dir.path() / "err.txt";
    {
        Child child({"serve", workflows.string(), "--listen", "127.0.0.1:0", "--state", state.string()}, out, err);
        const std::string base_url = listening_url(out);
        REQUIRE(post_webhook(base_url, kWorkflow, valid_token(), id_only_body(submission)).status == 202);
        REQUIRE(eventually([&] { return !album_uploads(*mock).empty(); }, 20s));
        child.signal(SIGKILL);
        CHECK(child.wait(10s) == 128 + SIGKILL);
    }
    mock->admin("DELETE", "/__admin/faults");
    CHECK(album_uploads(*mock).size() < 3);

    auto service = make_service(workflows, state);
    service->start();
    REQUIRE(eventually([&] { return only_event_done(*service); }));
    check_each_photo_once(*mock, names);
    service->stop();
}
