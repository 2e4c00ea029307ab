// The in-memory form of mockserver/fixtures/: providers, their documented
// endpoints, query parameter rules and example responses.
//
// Built once by fixture_loader at start and never modified afterwards, so
// every server thread may read it without locking. The only mutable parts are
// the per-example served counters (atomics) that back GET /__admin/coverage.
#pragma once

#include "path_template.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

namespace photobridge::mock {

// Conditions that select an example. All listed conditions must hold.
struct Trigger {
    std::vector<std::pair<std::string, std::string>> query;       // name -> exact decoded value
    std::vector<std::pair<std::string, std::string>> path;        // template variable -> exact value
    std::vector<std::pair<std::string, boost::json::value>> body; // top-level JSON field -> JSON-equal value
    std::size_t size() const { return query.size() + path.size() + body.size(); }
};

struct Example {
    std::string name;
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;  // served as given (minus hop-by-hop ones)
    std::string content_type;  // from headers, else application/json
    std::string body;          // serialized once at load: compact JSON or raw bytes
    bool body_is_json = true;
    boost::json::value body_json;  // the parsed body (null when not JSON)
    Trigger trigger;
    bool is_default = false;
    bool on_missing_scope = false;  // served when the token lacks the endpoint's scope
    // The body or a header value holds a {{placeholder}} (placeholders.hpp),
    // filled when served; set by the loader.
    bool has_placeholders = false;
};

struct QueryParamSpec {
    enum class Type { String, Integer, Number, Boolean, Cursor };
    std::string name;
    Type type = Type::String;
    std::optional<std::int64_t> min;
    std::optional<std::int64_t> max;
    std::vector<std::string> allowed;  // enum; empty: any value
    std::string cursor_format;         // "base64json" or "token" (Type::Cursor only)
    // When the value is invalid and the provider documents the error: the
    // example to serve, with `placeholder` in its body replaced by the value.
    std::string invalid_example;
    std::string invalid_placeholder;
};

// A JSON-schema-like description of a request body value (the subset the
// fixtures use): allowed types, enum, object properties and required names,
// array items. For a multipart body the root is an object whose properties
// are the parts; type "file" means a part with a non-empty filename.
struct ValueSchema {
    std::vector<std::string> types;                // empty: any type
    std::vector<boost::json::value> allowed;       // enum; empty: any value
    std::vector<std::string> required;             // object: names that must be present
    std::vector<std::pair<std::string, std::shared_ptr<const ValueSchema>>> properties;
    std::shared_ptr<const ValueSchema> items;      // array elements; null: any
    // Documented examples that answer a problem with this value (top-level
    // properties): when it is missing / when it has the wrong type or value.
    std::string on_missing_example;
    std::string on_invalid_example;
};

// What an endpoint's request body must be ("request" in the fixture).
struct RequestSpec {
    enum class Kind { None, Json, Multipart };
    Kind kind = Kind::None;  // None: the body is not checked
    ValueSchema body;
};

struct Endpoint {
    std::string provider;
    std::string id;      // file name without .json, unique per provider
    std::string method;  // upper case
    std::string path;    // template, e.g. "/organization/models/{modelId}/photos"
    PathTemplate compiled;
    bool auth_required = true;
    std::string scope;   // token scope the endpoint needs (provider.json's token table); empty: none
    std::vector<QueryParamSpec> query;
    RequestSpec request;
    std::vector<Example> examples;
    std::size_t default_example = 0;
    // served[i] counts responses built from examples[i]; relaxed atomics.
    std::unique_ptr<std::atomic<std::uint64_t>[]> served;
    // Requests the mock's own body validation refused with its 400 (no
    // documented example covers them); relaxed.
    mutable std::atomic<std::uint64_t> rejected_bodies{0};
    std::string source_file;
};

// How a provider's clients present their credential (provider.json "auth"):
// in a header (raw key, "Bearer KEY", or "Basic base64(user:password)") or in
// a query parameter.
struct ProviderAuth {
    std::string header;           // as documented, e.g. "Authorization", "X-Auth-Token"; empty with query_parameter
    std::string query_parameter;  // e.g. "api_key": the credential is this parameter's value; empty: a header
    // "Bearer", "Basic" (the decoded "user:password" is the credential), or
    // empty for the raw key.
    std::string scheme;
    // token -> scopes; the literal "{token}" stands for ServerOptions::token.
    std::vector<std::pair<std::string, std::vector<std::string>>> tokens;
};

// The body of the mock's 400 for a request body the docs say is invalid, in
// the provider's documented error shape ("request_errors" in provider.json).
// String values "{code}", "{message}", "{field}" are replaced (a member whose
// value is exactly "{field}" is left out when no field is concerned). Empty:
// the framework's own {"error": CODE, "message": ..., "field": ...}.
struct RequestErrorShape {
    int status = 400;
    boost::json::value body;  // null: the framework's shape
};

// A provider's documented answer to a client over its request budget
// (provider.json "rate_limit"): `requests` per `window` and credential, in
// fixed windows; over the budget the mock serves `answer` (its body and
// header values may hold {{reset_epoch}}, {{reset_seconds}}, {{base_url}}).
struct DeclaredRateLimit {
    std::uint64_t requests = 0;
    std::int64_t window_ms = 0;
    Example answer;
};

// Where the answer to a missing or invalid credential comes from
// (provider.json "unauthorized"): a documented example of one of the
// provider's endpoints, or an example written in provider.json.
struct UnauthorizedAnswer {
    const Endpoint* endpoint = nullptr;  // with `example_index`; null: `inline_example`
    std::size_t example_index = 0;
    Example inline_example;
};

struct Provider {
    std::string id;
    std::string folder;  // the fixture folder it was read from
    std::string title;
    std::string doc;
    std::string base_url;
    ProviderAuth auth;
    RequestErrorShape request_errors;
    std::optional<UnauthorizedAnswer> unauthorized;  // nullopt: the framework's 401
    std::optional<DeclaredRateLimit> rate_limit;     // nullopt: no documented budget
    std::vector<std::unique_ptr<Endpoint>> endpoints;  // sorted: most literal segments first
};

struct Catalog {
    std::vector<std::unique_ptr<Provider>> providers;
    const Provider* find(std::string_view id) const {
        for (const auto& p : providers)
            if (p->id == id) return p.get();
        return nullptr;
    }
};

}  // namespace photobridge::mock
