// Durable intake: an accepted webhook is in the state database before its
// 202, survives the service going away before it ran, and is synced exactly
// once at the next start; a repeated delivery is answered but processed
// once. Judged by the mock's Shootbin album and journal.
#include "serve_support.hpp"
#include "state/sqlite_state_store.hpp"

#include <doctest/doctest.h>

using namespace serve_test;
using photobridge::state::WebhookEventStatus;

namespace {

int uploads_posted(const photobridge::testing::MockServer& mock) {
    int n = 0;
    for (const auto& e : mock.journal()) {
        const auto& o = e.as_object();
        const std::string path(o.at("path").as_string());
        if (o.at("method") == "POST" && path.find("/shootbin/") != std::string::npos && path.size() > 7 &&
            path.substr(path.size() - 7) == "/photos" && o.at("status").to_number<int>() / 100 == 2)
            ++n;
    }
    return n;
}

bool all_done(photobridge::serve::ServeService& service) {
    const auto events = service.store().webhook_events(kWorkflow);
    if (events.empty()) return false;
    for (const auto& e : events)
        if (e.status == WebhookEventStatus::pending) return false;
    return true;
}

}  // namespace

TEST_CASE("durable intake: accepted, service gone before it ran, synced once after the restart") {
    auto mock = start_mock();
    TempDir dir;
    write_snapbar_workflow(dir.path(), mock->base_url());
    const auto state = dir.path() / "state.db";
    {
        auto service = make_service(dir.path(), state, /*process_events=*/false);
        service->start();
        const Reply r = post_webhook(service->base_url(), kWorkflow, valid_token(), id_only_body());
        REQUIRE(r.status == 202);
        CHECK(http_get(service->base_url(), "/healthz").json().as_object().at("queue_depth") == 1);
        // The service goes away without running anything.
    }
    CHECK(album_uploads(*mock).empty());
    CHECK(uploads_posted(*mock) == 0);
    {
        // A fresh store handle sees the committed event.
        photobridge::state::SqliteStateStore store(state);
        const auto pending = store.pending_webhook_events(std::nullopt);
        REQUIRE(pending.size() == 1);
        CHECK(pending[0].workflow == kWorkflow);
    }

    auto service = make_service(dir.path(), state);
    service->start();
    REQUIRE(eventually([&] { return all_done(*service); }));
    const auto events = service->store().webhook_events(kWorkflow);
    REQUIRE(events.size() == 1);
    CHECK(events[0].status == WebhookEventStatus::done);
    CHECK(events[0].attempts == 1);

    const auto uploads = album_uploads(*mock);
    for (const auto& name : expected_names()) {
        CAPTURE(name);
        CHECK(uploads.count(name) == 1);
        if (uploads.count(name)) CHECK(uploads.at(name) == 1);
    }
    CHECK(uploads.size() == 2);
    CHECK(uploads_posted(*mock) == 2);
    CHECK(service->metrics().value("photobridge_records_synced_total", {{"workflow", kWorkflow}}) == 1);
    CHECK(http_get(service->base_url(), "/healthz").json().as_object().at("queue_depth") == 0);
    service->stop();
}

TEST_CASE("a duplicate delivery is answered 200 and processed once, before and after processing") {
    auto mock = start_mock();
    TempDir dir;
    write_snapbar_workflow(dir.path(), mock->base_url());
    auto service = make_service(dir.path(), dir.path() / "state.db");
    service->start();
    const std::string base = service->base_url();

    // The same event (same submission and topic), delivered three times with
    // different tokens, full and id-only bodies.
    const std::string full = json::serialize(json::object{
        {"topic", "SUBMISSION_COMPLETE"}, {"submission", json::object{{"id", kSubmission}, {"state", "ACCEPTED"}}}});
    const Reply first = post_webhook(base, kWorkflow, valid_token(), full);
    const Reply second = post_webhook(base, kWorkflow, valid_token(), id_only_body());
    CHECK(first.status == 202);
    CHECK(second.status == 200);
    CHECK(second.json().as_object().at("status") == "duplicate");
    CHECK(second.json().as_object().at("event") == first.json().as_object().at("event"));
    REQUIRE(eventually([&] { return all_done(*service); }));
    const Reply third = post_webhook(base, kWorkflow, valid_token(), id_only_body());
    CHECK(third.status == 200);

    CHECK(service->store().webhook_events(kWorkflow).size() == 1);
    CHECK(uploads_posted(*mock) == 2);
    const auto uploads = album_uploads(*mock);
    CHECK(uploads.size() == 2);
    for (const auto& [name, count] : uploads) CHECK(count == 1);
    auto& m = service->metrics();
    CHECK(m.value("photobridge_webhooks_total", {{"workflow", kWorkflow}, {"result", "duplicate"}}) == 2);
    CHECK(m.value("photobridge_webhooks_total", {{"workflow", kWorkflow}, {"result", "accepted"}}) == 1);
    service->stop();
}

TEST_CASE("an event for a submission the provider does not have is marked failed, not retried forever") {
    auto mock = start_mock();
    TempDir dir;
    write_snapbar_workflow(dir.path(), mock->base_url());
    auto service = make_service(dir.path(), dir.path() / "state.db");
    service->start();
    REQUIRE(post_webhook(service->base_url(), kWorkflow, valid_token(), id_only_body("no-such-submission")).status == 202);
    REQUIRE(eventually([&] { return all_done(*service); }));
    const auto events = service->store().webhook_events(kWorkflow);
    REQUIRE(events.size() == 1);
    CHECK(events[0].status == WebhookEventStatus::failed);
    CHECK(events[0].error.find("get_submission") != std::string::npos);
    CHECK(events[0].error.find("mock-token") == std::string::npos);
    CHECK(uploads_posted(*mock) == 0);
    service->stop();
}
