#include "support/test_jwt.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <stdexcept>

namespace photobridge::testing {

std::string base64url(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    while (!out.empty() && out.back() == '=') out.pop_back();
    for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
    return out;
}

std::string hmac_sha(int bits, std::string_view key, std::string_view data) {
    const EVP_MD* md = bits == 512 ? EVP_sha512() : bits == 256 ? EVP_sha256() : nullptr;
    if (md == nullptr) throw std::invalid_argument("hmac_sha: bits must be 256 or 512");
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(md, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         mac, &len);
    return std::string(reinterpret_cast<const char*>(mac), len);
}

std::string mint_jwt(const boost::json::value& claims, std::string_view key, const boost::json::value& header) {
    const std::string input =
        base64url(boost::json::serialize(header)) + "." + base64url(boost::json::serialize(claims));
    const auto* alg = header.is_object() ? header.as_object().if_contains("alg") : nullptr;
    const std::string_view name = alg != nullptr && alg->is_string() ? std::string_view(alg->get_string()) : "HS256";
    if (name == "none") return input + ".";
    return input + "." + base64url(hmac_sha(name == "HS512" ? 512 : 256, key, input));
}

std::int64_t unix_now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace photobridge::testing
