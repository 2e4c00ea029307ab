// verify_webhook: HS256 JWTs minted here with OpenSSL, checked by the plugin
// against its webhook_secret. No HTTP is involved.
#include "helpers.hpp"
#include "support/test_jwt.hpp"

#include <photobridge/ext/webhook_verifier.h>

using namespace sb_test;

namespace {

constexpr const char* kSecret = "whsec-test-5f2c9a";

std::string b64url(std::string_view bytes) { return photobridge::testing::base64url(bytes); }

std::string hs256(std::string_view key, std::string_view data) { return photobridge::testing::hmac_sha(256, key, data); }

std::string mint(const json::value& claims, std::string_view key = kSecret,
                 const json::value& header = json::parse(R"({"alg": "HS256", "typ": "JWT"})")) {
    return photobridge::testing::mint_jwt(claims, key, header);
}

std::int64_t now() { return photobridge::testing::unix_now_s(); }

PluginUnderTest webhook_plugin() {
    auto config = config_for("http://127.0.0.1:1/snapbar");  // never contacted
    config["webhook_secret"] = kSecret;
    return PluginUnderTest("snapbar", config);
}

json::object verify(const PluginUnderTest& p, const std::string& token, json::object extra = {}) {
    extra["token"] = token;
    return call(p, "verify_webhook", extra).json.as_object();
}

void check_invalid(const json::object& v, const std::string& reason) {
    CHECK(v.at("valid") == json::value(false));
    CHECK(str(v.at("reason")).find(reason) != std::string::npos);
    CHECK(v.at("claims").is_null());
}

const json::object kClaims{{"topic", "SUBMISSION_COMPLETE"}, {"submission_id", kDocSubmission}};

}  // namespace

TEST_CASE("verify_webhook: a token signed with the secret is valid and returns its claims and the payload") {
    auto p = webhook_plugin();
    json::object claims = kClaims;
    claims["exp"] = now() + 300;
    claims["iat"] = now();
    const std::string body = R"({"topic": "SUBMISSION_COMPLETE", "submission": {"id": "64f1a2b3c4d5e6f7g8h9i0j1"}})";
    const auto v = verify(p, mint(claims), {{"body", body}});
    CHECK(v.at("valid") == json::value(true));
    CHECK(v.at("reason").is_null());
    CHECK(v.at("claims") == json::value(claims));
    CHECK(v.at("header") == json::parse(R"({"alg": "HS256", "typ": "JWT"})"));
    CHECK(v.at("payload") == json::parse(body));

    const auto no_exp = verify(p, mint(kClaims));  // exp is optional
    CHECK(no_exp.at("valid") == json::value(true));
    CHECK(no_exp.at("payload").is_null());
    // A float NumericDate and '=' padding are accepted too.
    json::object float_exp = kClaims;
    float_exp["exp"] = static_cast<double>(now()) + 60.5;
    CHECK(verify(p, mint(float_exp)).at("valid") == json::value(true));
}

TEST_CASE("verify_webhook: wrong secret, tampered claims, or a swapped signature are not valid") {
    auto p = webhook_plugin();
    check_invalid(verify(p, mint(kClaims, "another-secret")), "signature does not match");

    const std::string good = mint(kClaims);
    const auto dot1 = good.find('.');
    const auto dot2 = good.rfind('.');
    json::object forged = kClaims;
    forged["submission_id"] = "someone-elses";
    const std::string tampered = good.substr(0, dot1 + 1) + b64url(json::serialize(forged)) + good.substr(dot2);
    check_invalid(verify(p, tampered), "signature does not match");

    const std::string short_sig = good.substr(0, dot2 + 1) + b64url(hs256(kSecret, "x").substr(0, 16));
    check_invalid(verify(p, short_sig), "signature does not match");
    check_invalid(verify(p, good.substr(0, dot2 + 1)), "signature does not match");  // empty signature
}

TEST_CASE("verify_webhook: exp and nbf are checked, with leeway") {
    auto p = webhook_plugin();
    json::object expired = kClaims;
    expired["exp"] = now() - 100;
    check_invalid(verify(p, mint(expired)), "expired");
    CHECK(verify(p, mint(expired), {{"leeway_seconds", 300}}).at("valid") == json::value(true));

    json::object early = kClaims;
    early["nbf"] = now() + 100;
    check_invalid(verify(p, mint(early)), "not valid yet");
    CHECK(verify(p, mint(early), {{"leeway_seconds", 200}}).at("valid") == json::value(true));

    json::object odd = kClaims;
    odd["exp"] = "tomorrow";
    check_invalid(verify(p, mint(odd)), "exp is not a NumericDate");

    const auto e = failure_of([&] { verify(p, mint(kClaims), {{"leeway_seconds", 301}}); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
}

TEST_CASE("verify_webhook: only HS256, alg none and others are refused even when 'signed'") {
    auto p = webhook_plugin();
    const std::string none = b64url(R"({"alg":"none"})") + "." + b64url(json::serialize(kClaims)) + ".";
    check_invalid(verify(p, none), "alg 'none' is not HS256");
    check_invalid(verify(p, mint(kClaims, kSecret, json::parse(R"({"alg": "HS512"})"))), "is not HS256");
    check_invalid(verify(p, mint(kClaims, kSecret, json::parse(R"({"typ": "JWT"})"))), "alg 'missing'");
}

TEST_CASE("verify_webhook: a token that is not a JWT is INVALID_ARGUMENT, without echoing token or secret") {
    auto p = webhook_plugin();
    const std::string good = mint(kClaims);
    const auto dot2 = good.rfind('.');
    // The signature's last character altered in its unused low bits: same
    // bytes, non-canonical encoding.
    static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string noncanonical = good;
    noncanonical.back() = kAlphabet[kAlphabet.find(noncanonical.back()) ^ 1u];
    const std::vector<std::string> bad{"abc",
                                       "a.b",
                                       good + ".x",
                                       ".x.y",
                                       good.substr(0, good.find('.')) + "..sig",
                                       "***." + good.substr(good.find('.') + 1),
                                       b64url("not json") + "." + b64url(json::serialize(kClaims)) + ".c2ln",
                                       b64url("[1]") + "." + b64url(json::serialize(kClaims)) + ".c2ln",
                                       good.substr(0, dot2 + 1) + "a",
                                       good.substr(0, dot2 + 1) + "ab*d"};
    for (const auto& token : bad) {
        CAPTURE(token);
        const auto e = failure_of([&] { verify(p, token); });
        CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
        CHECK(std::string(e.what()).find(kSecret) == std::string::npos);
        if (token.size() > 8) CHECK(std::string(e.what()).find(token) == std::string::npos);
    }
    // 32 bytes in 43 characters leave 2 spare bits: flipping them is refused as non-canonical.
    REQUIRE(noncanonical != good);
    const auto e = failure_of([&] { verify(p, noncanonical); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(std::string(e.what()).find("signature is not base64url") != std::string::npos);
}

TEST_CASE("verify_webhook: needs webhook_secret, a body that is not JSON is refused") {
    auto without = plugin_for("http://127.0.0.1:1/snapbar");
    const auto e = failure_of([&] { verify(without, mint(kClaims)); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(std::string(e.what()).find("webhook_secret") != std::string::npos);

    auto p = webhook_plugin();
    const auto body = failure_of([&] { verify(p, mint(kClaims), {{"body", "{not json"}}); });
    CHECK(body.code() == PB_ERR_INVALID_ARGUMENT);
    const auto missing = failure_of([&] { call(p, "verify_webhook", json::object{}); });
    CHECK(missing.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(std::string(missing.what()).find("token") != std::string::npos);
}

TEST_CASE("config: webhook_secret is optional but never empty, token is required, base_url must parse") {
    auto config = config_for("http://127.0.0.1:1/snapbar");
    config["webhook_secret"] = "";
    CHECK_THROWS(PluginUnderTest("snapbar", config));
    CHECK_THROWS(PluginUnderTest("snapbar", json::object{{"base_url", "http://127.0.0.1:1/snapbar"}}));
    CHECK_THROWS(PluginUnderTest("snapbar", config_for("not a url")));
}

TEST_CASE("verify_webhook is also the webhook-verifier extension, with the same verdict on both paths") {
    auto p = webhook_plugin();
    REQUIRE(p.offers(PB_EXT_WEBHOOK_VERIFIER));
    CHECK(p.webhook_token_header() == "X-Authenticity-Token");
    json::object claims = kClaims;
    claims["exp"] = now() + 300;
    const std::string body = R"({"topic": "SUBMISSION_COMPLETE"})";
    const std::string token = mint(claims);
    const json::object via_extension = p.verify_webhook(token, body, 0).json.as_object();
    CHECK(via_extension == verify(p, token, {{"body", body}}));
    CHECK(via_extension.at("valid") == json::value(true));
    CHECK(via_extension.at("payload") == json::parse(body));
    // Without a body the payload is null, as with the operation.
    CHECK(p.verify_webhook(token, "", 0).json.at("payload").is_null());
    const json::object forged = p.verify_webhook(mint(claims, "another-secret"), body, 0).json.as_object();
    CHECK(forged.at("valid") == json::value(false));
    // A leeway over the manifest's maximum is refused on the extension path too.
    const auto refused = failure_of([&] { (void)p.verify_webhook(token, body, 301); });
    CHECK(refused.code() == PB_ERR_INVALID_ARGUMENT);
}
