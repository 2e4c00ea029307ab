// Error paths: headshotpro.md documents no error responses, so these are the
// refusals the mock gives (wrong key, unknown model or photo) and injected
// statuses, each mapped to a typed error with the HTTP status and the
// provider's own message, and never the key.
#include "helpers.hpp"

#include <string>
#include <utility>

using namespace hp_test;

TEST_CASE("a wrong api_key is UNAUTHORIZED with the provider's message, and the key never appears") {
    MockServer& mock = replay_mock();
    const std::string key = "wrong-key-4711";
    const auto p = plugin_for(mock.provider_url("headshotpro"), key);
    auto e = failure_of([&] { page(p, "model_photos", {{"modelId", kDocModel}}); });
    CHECK(e.code() == PB_ERR_UNAUTHORIZED);
    CHECK(e.http_status() == 401);
    CHECK(e.provider_code() == "unauthorized");
    const std::string what = e.what();
    CHECK(what.find("invalid credentials in the Authorization header") != std::string::npos);
    CHECK(what.find("HTTP 401") != std::string::npos);
    CHECK(what.find(key) == std::string::npos);

    const std::pair<const char*, json::object> calls[] = {
        {"get_photo", {{"modelId", kDocModel}, {"photoId", kDocPhoto}}},
        {"get_favorite", {{"modelId", kDocModel}}},
        {"batch_download", {{"modelId", kDocModel}}},
    };
    for (const auto& [op, input] : calls) {
        CAPTURE(op);
        auto e2 = failure_of([&] { p.call(op, input); });
        CHECK(e2.code() == PB_ERR_UNAUTHORIZED);
        CHECK(e2.http_status() == 401);
        CHECK(std::string(e2.what()).find(key) == std::string::npos);
    }
}

TEST_CASE("unknown model and unknown photo are NOT_FOUND with the provider's message (dataset)") {
    MockServer& mock = dataset_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));

    auto e1 = failure_of([&] { page(p, "model_photos", {{"modelId", "000000000000000000000000"}}); });
    CHECK(e1.code() == PB_ERR_NOT_FOUND);
    CHECK(e1.http_status() == 404);
    CHECK(std::string(e1.what()).find("Model not found") != std::string::npos);

    auto e2 = failure_of([&] { p.call("get_photo", json::object{{"modelId", kDocModel}, {"photoId", "ffffffffffffffffffffffff"}}); });
    CHECK(e2.code() == PB_ERR_NOT_FOUND);
    CHECK(std::string(e2.what()).find("Photo not found") != std::string::npos);

    auto e3 = failure_of([&] {
        p.call("batch_download", json::object{{"modelId", kDocModel}, {"photoIds", json::array{"ffffffffffffffffffffffff"}}});
    });
    CHECK(e3.code() == PB_ERR_NOT_FOUND);
    CHECK(std::string(e3.what()).find("Photo not found") != std::string::npos);

    auto e4 = failure_of([&] { p.call("get_favorite", json::object{{"modelId", "000000000000000000000000"}}); });
    CHECK(e4.code() == PB_ERR_NOT_FOUND);
}

TEST_CASE("429 carries Retry-After, 5xx is UNAVAILABLE, 403 is FORBIDDEN (injected statuses)") {
    MockServer& mock = replay_mock();
    const auto p = plugin_for(mock.provider_url("headshotpro"));
    const FaultRules rules(mock, json::array{
        json::object{{"id", "slow-down"}, {"provider", "headshotpro"}, {"path", "/organization/photos/favorites"},
                     {"fault", "status"}, {"status", 429}, {"retry_after_s", 3}, {"probability", 1.0}},
        json::object{{"id", "broken"}, {"provider", "headshotpro"}, {"path", "/organization/models/{modelId}/photos/{photoId}"},
                     {"fault", "status"}, {"status", 503}, {"probability", 1.0}},
        json::object{{"id", "no"}, {"provider", "headshotpro"}, {"path", "/organization/models/{modelId}/photos/favorite"},
                     {"fault", "status"}, {"status", 403}, {"probability", 1.0}}});

    auto e1 = failure_of([&] { page(p, "org_favorites", {}); });
    CHECK(e1.code() == PB_ERR_RATE_LIMITED);
    CHECK(e1.http_status() == 429);
    CHECK(e1.retry_after_ms() == 3000);
    CHECK(std::string(e1.what()).find("fault rule slow-down answered 429") != std::string::npos);

    auto e2 = failure_of([&] { p.call("get_photo", json::object{{"modelId", kDocModel}, {"photoId", kDocPhoto}}); });
    CHECK(e2.code() == PB_ERR_UNAVAILABLE);
    CHECK(e2.http_status() == 503);

    auto e3 = failure_of([&] { p.call("get_favorite", json::object{{"modelId", kDocModel}}); });
    CHECK(e3.code() == PB_ERR_FORBIDDEN);
    CHECK(e3.http_status() == 403);
}

TEST_CASE("config: api_key is required and base_url must be an absolute http(s) URL") {
    auto e1 = failure_of([] { PluginUnderTest(kPluginId, json::object{}); });
    CHECK(e1.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(std::string(e1.what()).find("api_key") != std::string::npos);
    auto e2 = failure_of([] { PluginUnderTest(kPluginId, json::object{{"api_key", "k"}, {"base_url", "ftp://x"}}); });
    CHECK(e2.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(std::string(e2.what()).find("base_url") != std::string::npos);
}
