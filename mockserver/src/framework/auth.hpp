// Checks the credential a request presents in its provider's documented
// header (Bearer or raw key) and the token's scopes, both as the provider's
// provider.json declares them.
// Pure function over the read-only Catalog: safe from any thread.
#pragma once

#include "fixture_model.hpp"

#include <string>
#include <string_view>

namespace photobridge::mock {

enum class AuthOutcome {
    Ok,
    Missing,       // no header, or a header without the documented scheme -> 401
    Invalid,       // unknown token -> 401
    MissingScope,  // known token without the endpoint's scope -> 403
};

struct AuthResult {
    AuthOutcome outcome = AuthOutcome::Missing;
    std::string credential;  // the token presented (may be empty); never log it
};

// `header_value` is the raw value of provider.auth.header (empty if absent).
// `token` replaces the "{token}" entry of the provider's token table.
// `scope` is the endpoint's required scope (empty: none).
AuthResult authenticate(const Provider& provider, std::string_view header_value, std::string_view token,
                        std::string_view scope);

}  // namespace photobridge::mock
