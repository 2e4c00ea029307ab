// End to end: the mock (dataset mode) plays Snapbar and sends a signed
// SUBMISSION_COMPLETE webhook (POST /__admin/webhooks/snapbar); serve
// verifies it, stores it, fetches the submission and uploads its photos to
// the mock's Shootbin album; /metrics shows the sync. Also a scheduled
// workflow on a manual clock, run against the same mock.
#include "serve_support.hpp"

#include "serve/clock.hpp"

#include <doctest/doctest.h>

using namespace serve_test;
using namespace std::chrono_literals;

TEST_CASE("end to end: the mock's signed webhook puts the submission's photos into the Shootbin album") {
    auto mock = start_mock();
    TempDir dir;
    write_snapbar_workflow(dir.path(), mock->base_url());
    auto service = make_service(dir.path(), dir.path() / "state.db");
    service->start();

    for (const char* payload : {"full", "id_only"}) {
        CAPTURE(payload);
        const json::object request{{"target", service->base_url() + "/hooks/" + kWorkflow},
                                   {"secret", kSecret},
                                   {"submission_id", kSubmission},
                                   {"payload", payload}};
        const json::value answer = mock->admin("POST", "/__admin/webhooks/snapbar", json::serialize(request));
        REQUIRE(answer.is_object());
        CHECK(answer.as_object().at("delivered") == true);
        // The first delivery is accepted, the second (same event) a duplicate.
        CHECK(answer.as_object().at("status") == (std::string(payload) == "full" ? 202 : 200));
    }
    // A delivery signed with another secret is refused.
    const json::object forged{{"target", service->base_url() + "/hooks/" + kWorkflow}, {"secret", "not-the-secret"}};
    CHECK(mock->admin("POST", "/__admin/webhooks/snapbar", json::serialize(forged)).as_object().at("status") == 401);

    REQUIRE(eventually([&] { return album_uploads(*mock).size() == 2; }));
    const auto uploads = album_uploads(*mock);
    for (const auto& name : expected_names()) {
        CAPTURE(name);
        REQUIRE(uploads.count(name) == 1);
        CHECK(uploads.at(name) == 1);
    }
    REQUIRE(eventually([&] {
        return http_get(service->base_url(), "/metrics").body.find("photobridge_records_synced_total{workflow=\"" +
                                                                   std::string(kWorkflow) + "\"} 1\n") != std::string::npos;
    }));
    const std::string metrics = http_get(service->base_url(), "/metrics").body;
    CHECK(metrics.find("photobridge_http_requests_total{provider=\"snapbar\",status=\"200\"}") != std::string::npos);
    CHECK(metrics.find("photobridge_http_requests_total{provider=\"shootbin\",status=\"201\"}") != std::string::npos);
    CHECK(metrics.find("photobridge_webhooks_total{result=\"rejected\",workflow=\"" + std::string(kWorkflow) + "\"} 1\n") !=
          std::string::npos);
    service->stop();
}

TEST_CASE("end to end: a webhook for a submission with three photos (variant = \"*\") puts all three in the album, once each") {
    auto mock = start_mock();
    std::string submission;
    const auto names = photo_names_of_a_submission_with(*mock, 3, submission);
    REQUIRE(names.size() == 3);
    TempDir dir;
    write_fan_out_workflow(dir.path(), mock->base_url());
    auto service = make_service(dir.path(), dir.path() / "state.db");
    service->start();
    REQUIRE(post_webhook(service->base_url(), kWorkflow, valid_token(), id_only_body(submission)).status == 202);
    REQUIRE(eventually([&] { return only_event_done(*service); }));
    check_each_photo_once(*mock, names);
    service->stop();
}

TEST_CASE("end to end: a scheduled workflow runs at start and at each tick of the manual clock, never twice at once") {
    auto mock = start_mock();
    TempDir dir;
    write_snapbar_workflow(dir.path(), mock->base_url(), "every = \"15m\"", "every-15m");
    photobridge::serve::ManualClock clock;
    auto service = make_service(dir.path(), dir.path() / "state.db", true, &clock);
    service->start();
    const auto runs = [&] { return service->store().runs("every-15m", 0); };
    const auto finished = [&](std::size_t n) {
        const auto r = runs();
        return r.size() >= n && std::all_of(r.begin(), r.end(), [](const auto& x) { return x.outcome != "running"; });
    };
    REQUIRE(eventually([&] { return finished(1); }));
    REQUIRE(clock.await_waiters(1, 5s));
    const auto first_pass = album_uploads(*mock).size();
    CHECK(first_pass > 0);

    clock.advance(14min);
    REQUIRE(clock.await_waiters(1, 5s));
    CHECK(runs().size() == 1);
    clock.advance(1min);
    REQUIRE(eventually([&] { return finished(2); }));
    CHECK(runs().size() == 2);
    // The second pass found everything synced: nothing uploaded twice.
    const auto uploads = album_uploads(*mock);
    CHECK(uploads.size() == first_pass);
    for (const auto& [name, count] : uploads) CHECK(count == 1);
    service->stop();
}
