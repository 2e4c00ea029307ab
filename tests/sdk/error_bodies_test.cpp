// read_error_body / read_common_failure: the error-body shapes the SDK reads
// for every plugin, and that an error message never carries the credential.
#include <doctest/doctest.h>

#include <photobridge/sdk.hpp>

#include "loopback_host.hpp"
#include "support/canned_server.hpp"

#include <string>

namespace sdk = photobridge::sdk;
namespace json = boost::json;

namespace {

sdk::ProviderFailure read(std::string body, std::string content_type = "application/json") {
    sdk::HttpResponse r;
    r.status = 400;
    r.headers = {{"Content-Type", std::move(content_type)}};
    r.body = std::move(body);
    return sdk::read_common_failure(r);
}

}  // namespace

TEST_CASE("error bodies: error as a string or an object") {
    CHECK(read(R"({"error":"Studio not found"})").message == "Studio not found");
    const auto nested = read(R"({"error":{"message":"Token expired","code":"token_expired"}})");
    CHECK(nested.message == "Token expired");
    CHECK(nested.code == "token_expired");
    const auto numeric = read(R"({"error":{"message":"Too many","code":4029}})");
    CHECK(numeric.code == "4029");
}

TEST_CASE("error bodies: message, with a short code beside it") {
    const auto f = read(R"({"success":false,"message":"Belongs to another organization","error":"forbidden"})");
    CHECK(f.message == "Belongs to another organization");
    CHECK(f.code == "forbidden");
    const auto coded = read(R"({"message":"Nope","code":"E17","error":"forbidden"})");
    CHECK(coded.code == "E17");  // an explicit code wins over the short one
}

TEST_CASE("error bodies: errors arrays of strings or objects") {
    CHECK(read(R"({"errors":["first","second"]})").message == "first; second");
    const auto objects = read(R"({"errors":[{"message":"max is too large","code":"range"},{"detail":"offset < 0"},)"
                              R"({"title":"Bad filter"},{"other":1},42]})");
    CHECK(objects.message == "max is too large; offset < 0; Bad filter");
    CHECK(objects.code == "range");
    // An errors array with nothing readable falls back to the body itself.
    CHECK(read(R"({"errors":[{}]})").message == R"({"errors":[{}]})");
}

TEST_CASE("error bodies: RFC 7807 problem details") {
    const auto p = read(R"({"type":"https://acme.test/probs/out-of-credit","title":"You do not have enough credit.",)"
                        R"("detail":"Your balance is 30, but that costs 50.","status":403})",
                        "application/problem+json; charset=utf-8");
    CHECK(p.message == "You do not have enough credit.: Your balance is 30, but that costs 50.");
    CHECK(p.code == "https://acme.test/probs/out-of-credit");
    const auto blank = read(R"({"type":"about:blank","title":"Not Found","status":404})", "application/problem+json");
    CHECK(blank.message == "Not Found");
    CHECK(blank.code.empty());
    // As problem+json, title/detail win over a "message" member; as plain JSON, message wins.
    CHECK(read(R"({"title":"T","message":"M"})", "application/problem+json").message == "T");
    CHECK(read(R"({"title":"T","message":"M"})").message == "M");
    CHECK(read(R"({"detail":"only a detail"})").message == "only a detail");
}

TEST_CASE("error bodies: other bodies are quoted, never a crash") {
    CHECK(read("upstream down", "text/plain").message == "upstream down");
    CHECK(read("").message == "no message");
    CHECK(read(R"({"message":""})").message == R"({"message":""})");
    CHECK(read(R"([1,2,3])").message == "[1,2,3]");
    CHECK(read(R"({"message": 5, "error": [], "errors": "x"})").message == R"({"message": 5, "error": [], "errors": "x"})");
    CHECK(read(std::string(500, 'x'), "text/plain").message.size() == 200);
    CHECK(read(R"({"code":"E1","detail":"d"})").code == "E1");
    CHECK_FALSE(sdk::read_error_body(json::value(nullptr)).has_value());
    CHECK_FALSE(sdk::read_error_body(json::parse(R"({"status":"bad"})")).has_value());
}

TEST_CASE("an error for a response that echoes the credential never carries it") {
    canned::Server server;
    server.on("/v1/me", {401, R"({"message":"token sekrit-123 is not valid","code":"bad sekrit-123"})"});
    sdk_test::LoopbackHost loopback;
    const auto options = sdk::ApiClientOptions::from_config(
        json::object{{"base_url", server.url() + "/v1"}, {"api_key", "sekrit-123"}}, "acme", sdk::auth::bearer("api_key"));
    const sdk::ApiClient client(loopback.host(), options);
    try {
        (void)client.get_json("me", client.url({"me"}));
        FAIL("a 401 was accepted");
    } catch (const sdk::Error& e) {
        CHECK(e.status() == PB_ERR_UNAUTHORIZED);
        const std::string message = e.what();
        CHECK(message.find("sekrit-123") == std::string::npos);
        CHECK(message.find("token [redacted] is not valid") != std::string::npos);
        CHECK(e.provider_code() == "bad [redacted]");
    }
    REQUIRE(server.seen().size() == 1);  // and the credential did go to the API itself
    CHECK(server.seen()[0].headers.find("Authorization")->second == "Bearer sekrit-123");
}
