// The auth helpers (bearer, a named header, a query parameter, basic,
// optional), default headers, and the rule that a credential goes only to
// base_url's origin, checked on what loopback servers received.
#include <doctest/doctest.h>

#include <photobridge/sdk.hpp>

#include "loopback_host.hpp"
#include "support/capture_server.hpp"

#include <string>
#include <utility>
#include <vector>

namespace sdk = photobridge::sdk;

namespace {

using capture::reply;

}  // namespace
namespace json = boost::json;

namespace {

sdk::ApiClientOptions options_for(const std::string& base_url, const sdk::AuthScheme& auth, json::object secrets) {
    secrets["base_url"] = base_url;
    return sdk::ApiClientOptions::from_config(secrets, "acme", auth);
}

std::string refusal(const sdk::AuthScheme& auth, json::object config) {
    config["base_url"] = "https://api.acme.test";
    try {
        (void)sdk::ApiClientOptions::from_config(config, "acme", auth);
    } catch (const sdk::Error& e) {
        CHECK(e.status() == PB_ERR_INVALID_ARGUMENT);
        return e.what();
    }
    FAIL("the config was accepted");
    return {};
}

}  // namespace

TEST_CASE("base64_encode: RFC 4648 test vectors") {
    CHECK(sdk::base64_encode("") == "");
    CHECK(sdk::base64_encode("f") == "Zg==");
    CHECK(sdk::base64_encode("fo") == "Zm8=");
    CHECK(sdk::base64_encode("foo") == "Zm9v");
    CHECK(sdk::base64_encode("foob") == "Zm9vYg==");
    CHECK(sdk::base64_encode("fooba") == "Zm9vYmE=");
    CHECK(sdk::base64_encode("foobar") == "Zm9vYmFy");
    CHECK(sdk::base64_encode(std::string("\xff\xfe\x00", 3)) == "//4A");
}

TEST_CASE("auth schemes resolve a config into what a request carries") {
    const json::object config{{"key", "k-1"}, {"user", "Aladdin"}, {"password", "open sesame"}};
    const auto bearer = sdk::auth::bearer("key").resolve(config, "acme");
    CHECK(bearer.headers == sdk::Headers{{"Authorization", "Bearer k-1"}});
    CHECK(bearer.query.empty());
    CHECK(sdk::auth::header("X-Auth-Token", "key").resolve(config, "acme").headers == sdk::Headers{{"X-Auth-Token", "k-1"}});
    CHECK(sdk::auth::header("Authorization", "key", "Token ").resolve(config, "acme").headers ==
          sdk::Headers{{"Authorization", "Token k-1"}});
    const auto query = sdk::auth::query("api_key", "key").resolve(config, "acme");
    CHECK(query.headers.empty());
    CHECK(query.query == sdk::Query{{"api_key", "k-1"}});
    CHECK(sdk::auth::basic("user", "password").resolve(config, "acme").headers ==
          sdk::Headers{{"Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="}});
    CHECK(sdk::auth::basic("user", "none").resolve(config, "acme").headers ==
          sdk::Headers{{"Authorization", "Basic QWxhZGRpbjo="}});  // no password: "user:"
    CHECK(sdk::auth::none().resolve(config, "acme").empty());
    CHECK(sdk::auth::optional(sdk::auth::bearer("absent")).resolve(config, "acme").empty());
    CHECK(sdk::auth::optional(sdk::auth::bearer("nulled")).resolve(json::object{{"nulled", nullptr}}, "acme").empty());
    CHECK(sdk::auth::optional(sdk::auth::bearer("key")).resolve(config, "acme").headers.size() == 1);
}

TEST_CASE("auth schemes refuse a missing or empty credential, naming the key, never the value") {
    CHECK(refusal(sdk::auth::bearer("api_key"), {}) == "acme: config.api_key is required (a non-empty string)");
    CHECK(refusal(sdk::auth::query("api_key", "api_key"), {{"api_key", ""}}).find("config.api_key") != std::string::npos);
    CHECK(refusal(sdk::auth::basic("user", "password"), {{"password", "pw-sekrit"}}).find("config.user") != std::string::npos);
    const std::string typed = refusal(sdk::auth::basic("user", "password"), {{"user", "u"}, {"password", 12}});
    CHECK(typed.find("config.password must be a string") != std::string::npos);
    // Optional only spares an absent credential: a present, malformed one is still refused.
    CHECK(refusal(sdk::auth::optional(sdk::auth::bearer("api_key")), {{"api_key", 5}}).find("config.api_key") !=
          std::string::npos);
}

TEST_CASE("each scheme reaches the API as configured, an optional one without a key sends nothing") {
    capture::Server api;
    sdk_test::LoopbackHost loopback;
    const sdk::ApiClient query_client(loopback.host(),
                                      options_for(api.url() + "/v1", sdk::auth::query("api_key", "key"), {{"key", "k +&1"}}));
    api.on("GET", "/v1/items", reply(200, "[]"));
    (void)query_client.get_json("items", query_client.url({"items"}, {{"api_key", "spoofed"}, {"page", "2"}}));
    const auto seen = api.last();
    CHECK(seen.query.count("api_key") == 1);  // replaces a same-named parameter
    CHECK(seen.query.find("api_key")->second == "k +&1");
    CHECK(seen.query.find("page")->second == "2");
    CHECK_FALSE(seen.header("Authorization").has_value());

    const sdk::ApiClient basic_client(
        loopback.host(), options_for(api.url() + "/v1", sdk::auth::basic("user", "password"), {{"user", "u"}, {"password", "p"}}));
    (void)basic_client.get_json("items", basic_client.url({"items"}));
    CHECK(api.last().header("Authorization") == std::optional<std::string>("Basic dTpw"));

    const sdk::ApiClient anonymous(loopback.host(),
                                   options_for(api.url() + "/v1", sdk::auth::optional(sdk::auth::bearer("token")), {}));
    (void)anonymous.get_json("items", anonymous.url({"items"}));
    CHECK(api.last().header_count("Authorization") == 0);
    CHECK(api.last().query.empty());
}

TEST_CASE("default headers go on every call, a per-call header replaces one") {
    capture::Server api;
    sdk_test::LoopbackHost loopback;
    auto options = options_for(api.url(), sdk::auth::bearer("key"), {{"key", "k-1"}});
    options.default_headers = {{"Accept-Version", "v1"}, {"User-Agent", "photobridge-acme"}};
    const sdk::ApiClient client(loopback.host(), options);
    api.on("GET", "/items", reply(200, "[]"));
    api.on("POST", "/items", reply(201, "{}"));

    (void)client.get_json("items", client.url({"items"}));
    auto seen = api.last();
    CHECK(seen.header("Accept-Version") == std::optional<std::string>("v1"));
    CHECK(seen.header("User-Agent") == std::optional<std::string>("photobridge-acme"));
    CHECK(seen.header("Accept") == std::optional<std::string>("application/json"));
    CHECK(seen.header("Authorization") == std::optional<std::string>("Bearer k-1"));

    (void)client.send_json("create", "POST", client.url({"items"}), json::object{{"a", 1}},
                           {{"accept-version", "v2"}, {"Idempotency-Key", "run-1:7"}});
    seen = api.last();
    CHECK(seen.header_count("Accept-Version") == 1);
    CHECK(seen.header("Accept-Version") == std::optional<std::string>("v2"));
    CHECK(seen.header("Idempotency-Key") == std::optional<std::string>("run-1:7"));
    CHECK(seen.header("Content-Type") == std::optional<std::string>("application/json"));
    CHECK(seen.header("User-Agent") == std::optional<std::string>("photobridge-acme"));
}

TEST_CASE("a credential never goes to another origin: other hosts, next-page URLs, media and redirects") {
    capture::Server api;
    capture::Server cdn;  // another port on the same host: another origin
    sdk_test::LoopbackHost loopback;
    for (const auto& auth : {sdk::auth::bearer("key"), sdk::auth::query("api_key", "key")}) {
        const sdk::ApiClient client(loopback.host(), options_for(api.url() + "/v1", auth, {{"key", "k-1"}}));
        api.on("GET", "/v1/photos", reply(200, "[]"));
        cdn.on("GET", "/photos", reply(200, "[]"));
        cdn.on("GET", "/p.png", reply(200, "png-bytes", "image/png"));
        api.on("GET", "/v1/media/1", reply(302, "", "text/plain", {{"Location", cdn.url() + "/p.png"}}));

        // A next-page URL on another origin, through get_json.
        (void)client.get_json("photos", cdn.url() + "/photos");
        CHECK(cdn.last().header_count("Authorization") == 0);
        CHECK(cdn.last().query.count("api_key") == 0);

        // The API's own origin gets it.
        (void)client.get_json("photos", client.url({"photos"}));
        CHECK((api.last().header_count("Authorization") + api.last().query.count("api_key")) == 1);

        // A media URL on the CDN, and a redirect from the API to it.
        const auto direct = sdk::fetch_media(client, cdn.url() + "/p.png", "download_media");
        CHECK(direct.body == "png-bytes");
        CHECK(cdn.last().header_count("Authorization") == 0);
        CHECK(cdn.last().query.count("api_key") == 0);
        const auto redirected = sdk::fetch_media(client, api.url() + "/v1/media/1", "download_media");
        CHECK(redirected.body == "png-bytes");
        CHECK((api.last().header_count("Authorization") + api.last().query.count("api_key")) == 1);
        CHECK(cdn.last().header_count("Authorization") == 0);
        CHECK(cdn.last().query.count("api_key") == 0);

        // The host's name spelled differently is still the API's origin; another scheme is not.
        const std::string other_case = "http://127.0.0.1:" + std::to_string(cdn.port()) + "/photos";
        (void)client.get_json("photos", other_case);
        CHECK(cdn.last().header_count("Authorization") == 0);
    }
    sdk::HttpRequest req;
    req.url = "https://api.acme.test/v1/x";
    sdk::Credentials c;
    c.headers = {{"Authorization", "Bearer k"}};
    c.apply(req, "http://api.acme.test/v1");
    CHECK(req.headers.empty());  // https is not http's origin
    c.apply(req, "https://API.acme.test:443/other");
    CHECK(req.headers.size() == 1);  // host case and the default port do not matter
}
