// What a provider adds to the framework beyond its fixtures, registered by
// id: its dataset backend, its auth rules and its admin routes (such as a
// webhook sender). The framework looks providers up here and never names
// one; the registrations live in providers/<id>/provider.cpp.
//
// Thread contract: a registry is filled once, before any server starts, and
// is read-only afterwards, so lookups are safe from any thread.
#pragma once

#include "dataset_backend.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace photobridge::mock {

struct ServerState;

// A route under /__admin/ that a provider adds. The handler is called
// concurrently from cpp-httplib worker threads; it answers through `res`.
struct AdminRoute {
    std::string method;  // "POST"
    std::string path;    // after "/__admin/", e.g. "webhooks/<provider id>"
    std::function<void(ServerState& state, const httplib::Request& req, httplib::Response& res)> handler;
};

// Auth rules beyond the provider.json token table.
struct ProviderAuthRules {
    // Dataset-mode paths (after "/<provider>") under these prefixes need no
    // credential: they stand for signed or public storage URLs (a CDN) that
    // a real client fetches without its API credential.
    std::vector<std::string> public_dataset_prefixes;
};

struct ProviderRules {
    std::string id;  // the provider id, as in fixtures/<id>/provider.json
    // Builds the provider's dataset world; empty: the provider replays only.
    std::function<std::unique_ptr<DatasetBackend>(const DatasetOptions&)> make_dataset_backend;
    ProviderAuthRules auth;
    std::vector<AdminRoute> admin_routes;

    // True for a dataset path under one of auth.public_dataset_prefixes.
    bool is_public_dataset_path(std::string_view path) const;
};

class ProviderRegistry {
public:
    // Throws std::invalid_argument when `rules.id` is already registered.
    void add(ProviderRules rules);
    // nullptr for an id nobody registered.
    const ProviderRules* find(std::string_view id) const;
    const std::vector<ProviderRules>& all() const { return rules_; }

private:
    std::vector<ProviderRules> rules_;
};

// The providers this build of the mock knows. Defined outside the framework,
// by mockserver/src/providers/builtin_providers.cpp.
const ProviderRegistry& builtin_providers();

// The builtin provider's dataset backend; nullptr for an unknown provider or
// one without a dataset mode.
std::unique_ptr<DatasetBackend> make_dataset_backend(std::string_view provider, const DatasetOptions& options);

// True when a dataset route of a builtin provider needs no credential
// (ProviderAuthRules::public_dataset_prefixes). `path` is after "/<provider>",
// as in MockRequest::path; false for an unknown provider.
bool dataset_route_is_public(std::string_view provider, std::string_view path);

}  // namespace photobridge::mock
