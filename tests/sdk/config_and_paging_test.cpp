// ApiClientOptions::from_config, manifest page sizes and the offset cursor:
// the checks every provider plugin shares.
#include <doctest/doctest.h>

#include <photobridge/sdk.hpp>

#include <string>

namespace sdk = photobridge::sdk;
namespace json = boost::json;

namespace {

const sdk::AuthScheme kBearer = sdk::auth::bearer("api_key");

sdk::Error refusal(const json::object& config) {
    try {
        (void)sdk::ApiClientOptions::from_config(config, "acme", kBearer);
    } catch (const sdk::Error& e) {
        return e;
    }
    FAIL("from_config accepted the config");
    return sdk::Error(PB_OK, "");
}

}  // namespace

TEST_CASE("from_config: base_url, timeout_ms and the credential from a config") {
    const auto o = sdk::ApiClientOptions::from_config(
        json::object{{"base_url", "https://api.acme.test/v1"}, {"timeout_ms", 2500}, {"api_key", "k-1"}}, "acme", kBearer);
    CHECK(o.provider == "acme");
    CHECK(o.base_url == "https://api.acme.test/v1");
    CHECK(o.timeout_ms == 2500);
    REQUIRE(o.credentials.headers.size() == 1);
    CHECK(o.credentials.headers[0] == std::pair<std::string, std::string>{"Authorization", "Bearer k-1"});
    CHECK(o.read_failure);

    const auto bare = sdk::ApiClientOptions::from_config(json::object{{"base_url", "http://127.0.0.1:9/x"}, {"token", "t"}},
                                                         "cc", sdk::auth::header("X-Auth-Token", "token"));
    CHECK(bare.timeout_ms == 0);  // absent: the host's default
    CHECK(bare.credentials.headers[0].second == "t");
}

TEST_CASE("from_config: each refusal names the config key and never the credential") {
    const json::object good{{"base_url", "https://api.acme.test"}, {"timeout_ms", 1000}, {"api_key", "sekrit"}};
    for (const char* url : {"ftp://api.acme.test", "api.acme.test", "not a url", "https://", "file:///etc/passwd"}) {
        CAPTURE(url);
        json::object c = good;
        c["base_url"] = url;
        const sdk::Error e = refusal(c);
        CHECK(e.status() == PB_ERR_INVALID_ARGUMENT);
        CHECK(std::string(e.what()).find("acme: config.base_url") != std::string::npos);
    }
    json::object no_url = good;
    no_url.erase("base_url");
    CHECK(std::string(refusal(no_url).what()).find("config.base_url") != std::string::npos);
    for (const json::value& t : {json::value(0), json::value(-5), json::value(4294967296LL), json::value("soon")}) {
        json::object c = good;
        c["timeout_ms"] = t;
        CHECK(std::string(refusal(c).what()).find("config.timeout_ms") != std::string::npos);
    }
    for (const json::value& k : {json::value(""), json::value(42)}) {
        json::object c = good;
        c["api_key"] = k;
        CHECK(std::string(refusal(c).what()).find("config.api_key") != std::string::npos);
    }
    json::object no_key = good;
    no_key.erase("api_key");
    const std::string message = refusal(no_key).what();
    CHECK(message.find("config.api_key") != std::string::npos);
    CHECK(message.find("sekrit") == std::string::npos);
}

TEST_CASE("Manifest::page_size reads a stream's default and maximum, and refuses a malformed entry") {
    const sdk::Manifest m(R"({"streams": {
        "photos": {"page_size": {"param": "limit", "default": 50, "maximum": 200}},
        "plain": {},
        "inverted": {"page_size": {"default": 300, "maximum": 200}},
        "texty": {"page_size": {"default": "50", "maximum": 200}}}})");
    const auto photos = m.page_size("photos");
    REQUIRE(photos.has_value());
    CHECK(photos->default_size == 50);
    CHECK(photos->maximum == 200);
    CHECK(photos->pick(std::nullopt) == 50);
    CHECK(photos->pick(1000) == 200);
    CHECK(photos->pick(7) == 7);
    CHECK_FALSE(m.page_size("plain").has_value());
    CHECK_FALSE(m.page_size("unknown").has_value());
    CHECK_THROWS_AS(m.page_size("inverted"), sdk::Error);
    CHECK_THROWS_AS(m.page_size("texty"), sdk::Error);
}

TEST_CASE("offset_cursor: the decimal offset of the next page, and refusals for anything else") {
    CHECK(sdk::offset_cursor::read(std::nullopt, "acme: photos") == 0);
    CHECK(sdk::offset_cursor::read(std::string("150"), "acme: photos") == 150);
    CHECK(sdk::offset_cursor::next(150, 50, "acme: photos") == "200");
    CHECK(sdk::offset_cursor::read(sdk::offset_cursor::next(0, 25, "w"), "w") == 25);
    for (const char* bad : {"", "-1", "12abc", "abc", " 1", "99999999999999999999"}) {
        CAPTURE(bad);
        try {
            (void)sdk::offset_cursor::read(std::string(bad), "acme: photos");
            FAIL("accepted");
        } catch (const sdk::Error& e) {
            CHECK(e.status() == PB_ERR_INVALID_ARGUMENT);
            CHECK(std::string(e.what()).find("acme: photos: cursor '") == 0);
            CHECK(std::string(e.what()).find("is not an offset written by this plugin") != std::string::npos);
        }
    }
}
