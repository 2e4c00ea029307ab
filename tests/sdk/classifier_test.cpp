// ApiClientOptions::classify: a plugin's own reading of a response, and the
// ready rate_limited_when_exhausted() classifier, over a loopback server.
#include <doctest/doctest.h>

#include <photobridge/sdk.hpp>

#include "loopback_host.hpp"
#include "support/canned_server.hpp"

#include <chrono>
#include <string>

namespace sdk = photobridge::sdk;
namespace json = boost::json;

namespace {

sdk::Error failure(const sdk::ApiClient& client, const std::string& url) {
    try {
        (void)client.get_json("list", url);
    } catch (const sdk::Error& e) {
        return e;
    }
    FAIL("the response was taken as a success");
    return sdk::Error(PB_OK, "");
}

std::string epoch_in(int seconds) {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    return std::to_string(now.count() + seconds);
}

}  // namespace

TEST_CASE("rate_limited_when_exhausted: a 403 with no requests left is a rate limit") {
    canned::Server server;
    sdk_test::LoopbackHost loopback;
    sdk::ApiClientOptions options = sdk_test::plain_options(server.url());
    options.classify = sdk::rate_limited_when_exhausted();
    const sdk::ApiClient client(loopback.host(), options);

    server.on("/limited", {403, R"({"message":"API rate limit exceeded"})", "application/json",
                           {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", epoch_in(60)}}});
    const sdk::Error limited = failure(client, server.url() + "/limited");
    CHECK(limited.status() == PB_ERR_RATE_LIMITED);
    CHECK(limited.http_status() == 403);
    CHECK(limited.retry_after_ms() >= 58000);
    CHECK(limited.retry_after_ms() <= 60000);
    CHECK(std::string(limited.what()).find("API rate limit exceeded") != std::string::npos);

    server.on("/draft", {429, "{}", "application/json", {{"RateLimit-Remaining", "0"}, {"RateLimit-Reset", "5"}}});
    CHECK(failure(client, server.url() + "/draft").retry_after_ms() == 5000);

    // Requests left, or no header: a plain 403, and its reset header is not a wait.
    server.on("/forbidden", {403, R"({"message":"no scope"})", "application/json",
                             {{"X-RateLimit-Remaining", "12"}, {"X-RateLimit-Reset", "30"}}});
    const sdk::Error forbidden = failure(client, server.url() + "/forbidden");
    CHECK(forbidden.status() == PB_ERR_FORBIDDEN);
    CHECK(forbidden.retry_after_ms() == 0);

    // A success that used up the limit stays a success.
    server.on("/last", {200, R"({"ok":true})", "application/json", {{"X-RateLimit-Remaining", "0"}}});
    CHECK(client.get_json("list", server.url() + "/last").at("ok") == json::value(true));
}

TEST_CASE("without a classifier a 403 stays forbidden, a 429 reads its reset headers") {
    canned::Server server;
    sdk_test::LoopbackHost loopback;
    const sdk::ApiClient client(loopback.host(), sdk_test::plain_options(server.url()));
    server.on("/limited", {403, "{}", "application/json", {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "9"}}});
    CHECK(failure(client, server.url() + "/limited").status() == PB_ERR_FORBIDDEN);
    server.on("/busy", {429, "{}", "application/json", {{"X-RateLimit-Reset", "9"}}});
    const sdk::Error busy = failure(client, server.url() + "/busy");
    CHECK(busy.status() == PB_ERR_RATE_LIMITED);
    CHECK(busy.retry_after_ms() == 9000);
    server.on("/down", {503, "{}", "application/json", {{"Retry-After", "4"}, {"X-RateLimit-Reset", "9"}}});
    CHECK(failure(client, server.url() + "/down").retry_after_ms() == 4000);
}

TEST_CASE("a plugin's classifier sees the body: a 200 that says failed, a 404 that is fine") {
    canned::Server server;
    sdk_test::LoopbackHost loopback;
    sdk::ApiClientOptions options = sdk_test::plain_options(server.url());
    options.classify = [](const sdk::HttpResponse& r) -> std::optional<sdk::ResponseVerdict> {
        if (r.status == 200 && r.body.find("\"busy\"") != std::string::npos)
            return sdk::ResponseVerdict{PB_ERR_UNAVAILABLE, 1500};
        if (r.status == 404 && r.header("X-Empty-Collection")) return sdk::ResponseVerdict{PB_OK, 0};
        return std::nullopt;
    };
    const sdk::ApiClient client(loopback.host(), options);

    server.on("/busy", {200, R"({"state":"busy","message":"try later"})"});
    const sdk::Error busy = failure(client, server.url() + "/busy");
    CHECK(busy.status() == PB_ERR_UNAVAILABLE);
    CHECK(busy.retry_after_ms() == 1500);
    CHECK(busy.http_status() == 200);
    CHECK(std::string(busy.what()).find("try later") != std::string::npos);

    server.on("/empty", {404, "[]", "application/json", {{"X-Empty-Collection", "1"}}});
    CHECK(client.get_json("list", server.url() + "/empty").as_array().empty());
    server.on("/gone", {404, R"({"message":"gone"})"});
    CHECK(failure(client, server.url() + "/gone").status() == PB_ERR_NOT_FOUND);
}
