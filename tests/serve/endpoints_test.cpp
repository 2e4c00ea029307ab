// GET /healthz (a real write to the state store) and GET /metrics (the
// Prometheus text format).
#include "serve_support.hpp"
#include "state/sqlite_state_store.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <regex>
#include <sstream>

using namespace serve_test;

TEST_CASE("healthz: 200 ok while the state store takes writes, 503 while another writer holds it") {
    TempDir dir;
    write_snapbar_workflow(dir.path(), "http://127.0.0.1:1");
    const auto state = dir.path() / "state.db";
    auto service = make_service(dir.path(), state, false);
    service->start();
    const Reply ok = http_get(service->base_url(), "/healthz");
    CHECK(ok.status == 200);
    REQUIRE(ok.json().is_object());
    CHECK(ok.json().as_object().at("status") == "ok");
    CHECK(ok.json().as_object().at("workflows") == 1);
    CHECK(ok.body.rfind(R"({"status":"ok")", 0) == 0);

    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(state.c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    const Reply busy = http_get(service->base_url(), "/healthz");  // waits out the store's busy timeout
    CHECK(busy.status == 503);
    REQUIRE(busy.json().is_object());
    CHECK(busy.json().as_object().at("status") == "unavailable");
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    CHECK(http_get(service->base_url(), "/healthz").status == 200);
    service->stop();
}

TEST_CASE("metrics: every family has HELP and TYPE lines, samples are well formed, webhooks are counted") {
    TempDir dir;
    write_snapbar_workflow(dir.path(), "http://127.0.0.1:1");
    auto service = make_service(dir.path(), dir.path() / "state.db", false);
    service->start();
    const std::string base = service->base_url();
    post_webhook(base, kWorkflow, "garbage", id_only_body());
    post_webhook(base, kWorkflow, valid_token(), id_only_body());
    post_webhook(base, kWorkflow, valid_token(), id_only_body());

    const Reply r = http_get(base, "/metrics");
    REQUIRE(r.status == 200);
    const std::string& text = r.body;
    for (const char* family : {"photobridge_records_read_total", "photobridge_records_synced_total",
                               "photobridge_records_skipped_total", "photobridge_records_failed_total",
                               "photobridge_http_requests_total", "photobridge_retries_total", "photobridge_queue_depth",
                               "photobridge_webhooks_total"}) {
        CAPTURE(family);
        CHECK(text.find(std::string("# HELP ") + family + " ") != std::string::npos);
        CHECK(text.find(std::string("# TYPE ") + family + (std::string(family) == "photobridge_queue_depth" ? " gauge" : " counter")) !=
              std::string::npos);
    }
    // Every line is a comment or NAME{LABELS} VALUE.
    const std::regex sample(R"(^[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*")(,[a-z_]+="([^"\\]|\\.)*")*\})? -?[0-9.e+]+$)");
    std::istringstream lines(text);
    std::string line;
    int samples = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("# ", 0) == 0) continue;
        CAPTURE(line);
        CHECK(std::regex_match(line, sample));
        ++samples;
    }
    CHECK(samples > 5);
    const std::string w = std::string("workflow=\"") + kWorkflow + "\"";
    CHECK(text.find("photobridge_webhooks_total{result=\"accepted\"," + w + "} 1\n") != std::string::npos);
    CHECK(text.find("photobridge_webhooks_total{result=\"duplicate\"," + w + "} 1\n") != std::string::npos);
    CHECK(text.find("photobridge_webhooks_total{result=\"rejected\"," + w + "} 1\n") != std::string::npos);
    CHECK(text.find("photobridge_records_synced_total{" + w + "} 0\n") != std::string::npos);
    CHECK(text.find("photobridge_queue_depth 1\n") != std::string::npos);
    CHECK(text.find(kSecret) == std::string::npos);
    service->stop();
}

TEST_CASE("metrics: the queue depth is the store's count of pending events, whichever host accepted them") {
    TempDir dir;
    write_snapbar_workflow(dir.path(), "http://127.0.0.1:1");
    const auto state = dir.path() / "state.db";
    auto service = make_service(dir.path(), state, /*process_events=*/false);
    service->start();
    const std::string base = service->base_url();
    const auto depth_line = [&] {
        const std::string text = http_get(base, "/metrics").body;
        const auto at = text.find("\nphotobridge_queue_depth ");
        return at == std::string::npos ? std::string() : text.substr(at + 1, text.find('\n', at + 1) - at - 1);
    };
    CHECK(depth_line() == "photobridge_queue_depth 0");

    // Another host sharing the store accepts one; this host's listener never saw it.
    photobridge::state::SqliteStateStore other_host(state);
    const auto theirs = other_host.add_webhook_event(kWorkflow, "accepted-elsewhere", R"({"id":"x"})");
    CHECK(depth_line() == "photobridge_queue_depth 1");
    REQUIRE(post_webhook(base, kWorkflow, valid_token(), id_only_body()).status == 202);
    CHECK(depth_line() == "photobridge_queue_depth 2");
    CHECK(http_get(base, "/healthz").json().as_object().at("queue_depth") == 2);

    // The other host settles its event: this host's gauge follows.
    other_host.finish_webhook_event(theirs.id, photobridge::state::WebhookEventStatus::done, "");
    CHECK(depth_line() == "photobridge_queue_depth 1");
    service->stop();
}

TEST_CASE("metrics: label values are escaped") {
    CHECK(photobridge::serve::escape_label_value("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
}
