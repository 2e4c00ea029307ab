#include "host/secret_redactor.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace photobridge::host {

void SecretRedactor::add(std::string secret) {
    if (secret.size() < 4) return;
    if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
    secrets_.push_back(std::move(secret));
    std::sort(secrets_.begin(), secrets_.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string SecretRedactor::redact(std::string_view text) const {
    std::string out(text);
    for (const auto& secret : secrets_) {
        for (std::size_t pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos + kMask.size()))
            out.replace(pos, secret.size(), kMask);
    }
    return out;
}

bool SecretRedactor::is_credential_header(std::string_view name) {
    static constexpr std::array<std::string_view, 7> names = {
        "authorization", "x-auth-token", "x-api-key", "proxy-authorization", "cookie", "set-cookie",
        "x-authenticity-token"};
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return std::find(names.begin(), names.end(), lower) != names.end();
}

}  // namespace photobridge::host
