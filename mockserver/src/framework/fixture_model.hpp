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

struct Endpoint {
    std::string provider;
    std::string id;      // file name without .json, unique per provider
    std::string method;  // upper case
    std::string path;    // template, e.g. "/organization/models/{modelId}/photos"
    PathTemplate compiled;
    bool auth_required = true;
    std::string scope;   // token scope the endpoint needs (provider.json's token table); empty: none
    std::vector<QueryParamSpec> query;
    std::vector<Example> examples;
    std::size_t default_example = 0;
    // served[i] counts responses built from examples[i]; relaxed atomics.
    std::unique_ptr<std::atomic<std::uint64_t>[]> served;
    std::string source_file;
};

struct ProviderAuth {
    std::string header;  // as documented, e.g. "Authorization", "X-Auth-Token"
    std::string scheme;  // "Bearer", or empty for the raw key
    // token -> scopes; the literal "{token}" stands for ServerOptions::token.
    std::vector<std::pair<std::string, std::vector<std::string>>> tokens;
};

struct Provider {
    std::string id;
    std::string title;
    std::string doc;
    std::string base_url;
    ProviderAuth auth;
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
