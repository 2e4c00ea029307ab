// Webhook events that failed can be seen and run again: serve accepts a
// delivery while its provider is down, the event fails and shows on
// /metrics and in `photobridge state events --failed`; with the provider
// back, `state events FILE --retry` syncs it, once, judged at the mock.
#include "serve_support.hpp"
#include "support/shell_command.hpp"

#include <doctest/doctest.h>

using namespace serve_test;
using photobridge::state::WebhookEventStatus;

namespace {

photobridge::testing::CommandResult cli(const std::string& args) {
    return photobridge::testing::run_program(PHOTOBRIDGE_CLI_PATH, args, "2>&1");
}

}  // namespace

TEST_CASE("state events: a failed webhook event is listed, counted on /metrics, and synced once by --retry") {
    auto mock = start_mock();
    TempDir dir;
    const auto state = dir.path() / "state.db";
    // The provider is unreachable while serve processes the delivery.
    const auto file = write_snapbar_workflow(dir.path(), "http://127.0.0.1:1");
    {
        auto service = make_service(dir.path(), state);
        service->start();
        REQUIRE(post_webhook(service->base_url(), kWorkflow, valid_token(), id_only_body()).status == 202);
        REQUIRE(eventually([&] {
            const auto events = service->store().webhook_events(kWorkflow);
            return events.size() == 1 && events[0].status == WebhookEventStatus::failed;
        }));
        const std::string metrics = http_get(service->base_url(), "/metrics").body;
        CHECK(metrics.find("photobridge_webhook_events{status=\"failed\",workflow=\"" + std::string(kWorkflow) +
                           "\"} 1\n") != std::string::npos);
        service->stop();
    }

    const auto listed = cli("state events " + std::string(kWorkflow) + " --failed --state " + state.string());
    INFO(listed.out);
    CHECK(listed.exit_code == 0);
    CHECK(listed.out.find("failed") != std::string::npos);
    CHECK(listed.out.find("NETWORK") != std::string::npos);  // the reason it failed
    const auto as_json = cli("state events " + std::string(kWorkflow) + " --json --state " + state.string());
    REQUIRE(as_json.exit_code == 0);
    const json::value v = json::parse(as_json.out);
    REQUIRE(v.at("events").as_array().size() == 1);
    CHECK(v.at("events").at(0).at("status") == "failed");

    CHECK(cli("state events " + std::string(kWorkflow) + " --retry --state " + state.string()).exit_code == 2);  // needs the file

    // The provider is back: the same workflow file, pointed at the mock.
    write_snapbar_workflow(dir.path(), mock->base_url());
    const auto retried = cli("state events " + file.string() + " --retry --state " + state.string());
    INFO(retried.out);
    CHECK(retried.exit_code == 0);
    CHECK(retried.out.find("Retried 1 failed webhook event") != std::string::npos);
    const auto uploads = album_uploads(*mock);
    for (const auto& name : expected_names()) {
        CAPTURE(name);
        CHECK(uploads.count(name) == 1);
        if (uploads.count(name) == 1) CHECK(uploads.at(name) == 1);
    }
    const auto after = cli("state events " + std::string(kWorkflow) + " --state " + state.string());
    CHECK(after.out.find("No pending or failed webhook events.") != std::string::npos);
    // Nothing left to retry: a second --retry retries nothing and writes nothing.
    CHECK(cli("state events " + file.string() + " --retry --state " + state.string()).exit_code == 0);
    CHECK(album_uploads(*mock) == uploads);
}
