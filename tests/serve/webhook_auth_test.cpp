// Webhook authenticity through the HTTP endpoint: every kind of bad token
// gets 401 and stores nothing; only the valid one is enqueued. Tokens are
// minted here with OpenSSL HMAC. Events are not processed (nothing is
// fetched): the durable intake is what is checked.
#include "serve_support.hpp"

#include <doctest/doctest.h>

using namespace serve_test;

TEST_CASE("webhook token matrix: only the valid token enqueues, every other gets 401 and stores nothing") {
    TempDir dir;
    write_snapbar_workflow(dir.path(), "http://127.0.0.1:1");  // never contacted: nothing is processed
    auto service = make_service(dir.path(), dir.path() / "state.db", /*process_events=*/false);
    service->start();
    const std::string base = service->base_url();
    const std::int64_t now = unix_now();

    std::string forged = valid_token();
    forged.back() = forged.back() == 'A' ? 'B' : 'A';
    const json::object fresh{{"iat", now}, {"nbf", now}, {"exp", now + 300}};
    json::object expired = fresh;
    expired["exp"] = now - 3600;
    json::object not_yet = fresh;
    not_yet["nbf"] = now + 3600;

    struct Case {
        const char* name;
        std::optional<std::string> token;
    };
    const std::vector<Case> rejected{
        {"forged signature", forged},
        {"wrong secret", mint(fresh, "whsec-somebody-else")},
        {"expired", mint(expired)},
        {"nbf in the future", mint(not_yet)},
        {"alg none", mint(fresh, kSecret, json::parse(R"({"alg":"none","typ":"JWT"})"))},
        {"alg HS512", mint(fresh, kSecret, json::parse(R"({"alg":"HS512","typ":"JWT"})"))},
        {"missing header", std::nullopt},
        {"empty header", std::string()},
        {"garbage", std::string("not a token at all")},
        {"three garbage parts", std::string("a.b.c")},
        {"signature of another token", mint(fresh).substr(0, mint(fresh).rfind('.')) + "." + b64url("x")},
    };
    int n = 0;
    for (const auto& c : rejected) {
        CAPTURE(c.name);
        const Reply r = post_webhook(base, kWorkflow, c.token, id_only_body("rejected-" + std::to_string(n++)));
        CHECK(r.status == 401);
        CHECK(r.json().as_object().at("error") == "unauthorized");
        if (c.token && !c.token->empty()) CHECK(r.body.find(*c.token) == std::string::npos);
    }
    CHECK(service->store().webhook_events(kWorkflow).empty());

    const Reply ok = post_webhook(base, kWorkflow, valid_token(), id_only_body("the-valid-one"));
    CHECK(ok.status == 202);
    CHECK(ok.json().as_object().at("status") == "accepted");
    const auto events = service->store().webhook_events(kWorkflow);
    REQUIRE(events.size() == 1);
    CHECK(events[0].event_key == "SUBMISSION_COMPLETE:submission:the-valid-one");
    CHECK(events[0].status == photobridge::state::WebhookEventStatus::pending);
    CHECK(events[0].payload_json.find("token") == std::string::npos);

    auto& m = service->metrics();
    CHECK(m.value("photobridge_webhooks_total", {{"workflow", kWorkflow}, {"result", "rejected"}}) ==
          static_cast<double>(rejected.size()));
    CHECK(m.value("photobridge_webhooks_total", {{"workflow", kWorkflow}, {"result", "accepted"}}) == 1);
    service->stop();
}

TEST_CASE("webhooks: a genuine delivery that names no submission is a 400, an unknown workflow a 404") {
    TempDir dir;
    write_snapbar_workflow(dir.path(), "http://127.0.0.1:1");
    write_snapbar_workflow(dir.path(), "http://127.0.0.1:1", "every = \"1h\"", "scheduled");
    auto service = make_service(dir.path(), dir.path() / "state.db", false);
    service->start();
    const std::string base = service->base_url();
    CHECK(post_webhook(base, kWorkflow, valid_token(), R"({"topic":"SUBMISSION_COMPLETE"})").status == 400);
    CHECK(post_webhook(base, kWorkflow, valid_token(), "").status == 400);
    const auto not_json = post_webhook(base, kWorkflow, valid_token(), "{not json");
    CHECK(not_json.status == 400);  // a body that is not JSON is refused as such, not as a bad token
    CHECK(not_json.body.find("the body is not JSON") != std::string::npos);
    CHECK(post_webhook(base, kWorkflow, "forged", "{not json").status == 400);  // whatever the token
    CHECK(post_webhook(base, "no-such-workflow", valid_token(), id_only_body()).status == 404);
    CHECK(post_webhook(base, "scheduled", valid_token(), id_only_body()).status == 404);  // not a webhook workflow
    CHECK(http_get(base, "/hooks/" + std::string(kWorkflow)).status == 405);
    CHECK(http_get(base, "/nothing-here").status == 404);
    CHECK(service->store().webhook_events(kWorkflow).empty());
    service->stop();
}
