#include "snapbar_webhook.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

namespace photobridge::plugins::snapbar {

namespace json = boost::json;

namespace {

int sextet(char c) noexcept {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

json::object decode_part(std::string_view part, const char* name) {
    const auto bytes = base64url_decode(part);
    if (!bytes)
        throw sdk::invalid_argument(std::string("snapbar: verify_webhook: token ") + name + " is not base64url");
    boost::system::error_code ec;
    json::value v = json::parse(*bytes, ec);
    if (ec || !v.is_object())
        throw sdk::invalid_argument(std::string("snapbar: verify_webhook: token ") + name + " is not a JSON object");
    return std::move(v.get_object());
}

json::object verdict(bool valid, json::value reason, json::object header, json::value claims) {
    return json::object{
        {"valid", valid}, {"reason", std::move(reason)}, {"header", std::move(header)}, {"claims", std::move(claims)}};
}

json::object refuse(std::string reason, json::object header) {
    return verdict(false, json::value(std::move(reason)), std::move(header), nullptr);
}

// A NumericDate claim as seconds, nullopt when it is not a number.
std::optional<double> numeric_date(const json::value& v) {
    if (v.is_int64()) return static_cast<double>(v.get_int64());
    if (v.is_uint64()) return static_cast<double>(v.get_uint64());
    if (v.is_double()) return v.get_double();
    return std::nullopt;
}

}  // namespace

std::optional<std::string> base64url_decode(std::string_view text) {
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        const int v = sextet(c);
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFFu));
        }
    }
    if (bits > 0 && (acc & ((1u << bits) - 1u)) != 0) return std::nullopt;
    return out;
}

json::object verify_webhook_token(const WebhookCheck& check) {
    const std::string_view token = check.token;
    const auto dot1 = token.find('.');
    const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos || dot1 == 0 ||
        dot2 == dot1 + 1)
        throw sdk::invalid_argument("snapbar: verify_webhook: token is not a JWT (header.claims.signature)");

    const std::string_view signing_input = token.substr(0, dot2);
    json::object header = decode_part(token.substr(0, dot1), "header");
    json::object claims = decode_part(token.substr(dot1 + 1, dot2 - dot1 - 1), "claims");
    const auto signature = base64url_decode(token.substr(dot2 + 1));
    if (!signature) throw sdk::invalid_argument("snapbar: verify_webhook: token signature is not base64url");

    const auto* alg = header.if_contains("alg");
    if (alg == nullptr || !alg->is_string() || alg->get_string() != "HS256") {
        std::string shown =
            alg != nullptr && alg->is_string() ? std::string(alg->get_string()).substr(0, 20) : "missing";
        return refuse("alg '" + shown + "' is not HS256", std::move(header));
    }

    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int mac_len = 0;
    if (HMAC(EVP_sha256(), check.secret.data(), static_cast<int>(check.secret.size()),
             reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac.data(),
             &mac_len) == nullptr)
        throw sdk::Error(PB_ERR_INTERNAL, "snapbar: verify_webhook: OpenSSL HMAC-SHA256 failed");
    if (signature->size() != mac_len || CRYPTO_memcmp(signature->data(), mac.data(), mac_len) != 0)
        return refuse("signature does not match", std::move(header));

    const double now = static_cast<double>(check.now_s);
    const double leeway = static_cast<double>(check.leeway_s);
    if (const auto* exp = claims.if_contains("exp")) {
        const auto at = numeric_date(*exp);
        if (!at) return refuse("exp is not a NumericDate", std::move(header));
        if (now >= *at + leeway) return refuse("token expired", std::move(header));
    }
    if (const auto* nbf = claims.if_contains("nbf")) {
        const auto at = numeric_date(*nbf);
        if (!at) return refuse("nbf is not a NumericDate", std::move(header));
        if (now + leeway < *at) return refuse("token not valid yet (nbf)", std::move(header));
    }
    return verdict(true, nullptr, std::move(header), std::move(claims));
}

}  // namespace photobridge::plugins::snapbar
