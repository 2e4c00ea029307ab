// Checks the credential a request presents where its provider's
// provider.json says (a header with a raw key, "Bearer KEY" or "Basic
// base64(user:password)", or a query parameter) and the token's scopes.
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

// `presented` is the raw value of provider.auth.header, or of the query
// parameter provider.auth.query_parameter (empty if absent). `token`
// replaces "{token}" in the entries of the provider's token table (for
// Basic the entries are "user:password", e.g. "{token}:" or "mock-user:{token}").
// `scope` is the endpoint's required scope (empty: none). With Basic the
// credential in the result is the base64 text presented.
AuthResult authenticate(const Provider& provider, std::string_view presented, std::string_view token,
                        std::string_view scope);

// A token table entry with "{token}" replaced by `token`.
std::string expected_token(std::string_view table_entry, std::string_view token);

}  // namespace photobridge::mock
