#include "auth.hpp"

#include "base64.hpp"

#include <algorithm>
#include <cctype>

namespace photobridge::mock {

namespace {
bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}
}  // namespace

std::string expected_token(std::string_view table_entry, std::string_view token) {
    std::string out(table_entry);
    constexpr std::string_view kToken = "{token}";
    for (std::size_t pos = out.find(kToken); pos != std::string::npos; pos = out.find(kToken, pos + token.size()))
        out.replace(pos, kToken.size(), token);
    return out;
}

AuthResult authenticate(const Provider& provider, std::string_view presented, std::string_view token,
                        std::string_view scope) {
    AuthResult result;
    std::string_view credential = presented;
    if (!provider.auth.scheme.empty()) {
        const std::string& scheme = provider.auth.scheme;
        if (credential.size() <= scheme.size() + 1 || !iequals(credential.substr(0, scheme.size()), scheme) ||
            credential[scheme.size()] != ' ') {
            result.outcome = AuthOutcome::Missing;
            result.credential = std::string(credential);
            return result;
        }
        credential.remove_prefix(scheme.size() + 1);
        while (!credential.empty() && credential.front() == ' ') credential.remove_prefix(1);
    }
    result.credential = std::string(credential);
    if (credential.empty()) {
        result.outcome = AuthOutcome::Missing;
        return result;
    }
    std::string decoded;
    if (iequals(provider.auth.scheme, "Basic")) {
        // RFC 7617: base64("user:password"); the pair is what the token table lists.
        auto pair = base64_decode(credential);
        if (!pair || pair->find(':') == std::string::npos) {
            result.outcome = AuthOutcome::Invalid;
            return result;
        }
        decoded = std::move(*pair);
        credential = decoded;
    }
    for (const auto& [name, scopes] : provider.auth.tokens) {
        if (credential != expected_token(name, token)) continue;
        if (!scope.empty() && std::find(scopes.begin(), scopes.end(), scope) == scopes.end()) {
            result.outcome = AuthOutcome::MissingScope;
            return result;
        }
        result.outcome = AuthOutcome::Ok;
        return result;
    }
    result.outcome = AuthOutcome::Invalid;
    return result;
}

}  // namespace photobridge::mock
