#include "auth.hpp"

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

AuthResult authenticate(const Provider& provider, std::string_view header_value, std::string_view token,
                        std::string_view scope) {
    AuthResult result;
    std::string_view credential = header_value;
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
    for (const auto& [name, scopes] : provider.auth.tokens) {
        const std::string_view expected = name == "{token}" ? token : std::string_view(name);
        if (credential != expected) continue;
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
