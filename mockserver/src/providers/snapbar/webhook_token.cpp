#include "webhook_token.hpp"

#include "framework/base64.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <boost/json/serialize.hpp>

#include <array>
#include <cstdio>
#include <stdexcept>

namespace photobridge::mock {

std::string sign_hs256_jwt(const boost::json::object& claims, std::string_view secret) {
    static const std::string kHeader = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
    const std::string signing_input = kHeader + "." + base64url_encode(boost::json::serialize(claims));
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int mac_size = 0;
    if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
             reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac.data(),
             &mac_size) == nullptr)
        throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
    return signing_input + "." +
           base64url_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac_size));
}

boost::json::object webhook_claims(std::int64_t now_unix_s, std::int64_t lifetime_s) {
    std::array<unsigned char, 16> random{};
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1)
        throw std::runtime_error("OpenSSL RAND_bytes failed");
    std::string jti;
    jti.reserve(2 * random.size());
    for (unsigned char b : random) {
        char hex[3];
        std::snprintf(hex, sizeof hex, "%02x", b);
        jti += hex;
    }
    return boost::json::object{
        {"iat", now_unix_s}, {"nbf", now_unix_s}, {"exp", now_unix_s + lifetime_s}, {"jti", std::move(jti)}};
}

}  // namespace photobridge::mock
