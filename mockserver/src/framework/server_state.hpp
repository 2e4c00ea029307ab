// Everything a running mock shares between its worker threads. Owned by
// Server::Impl; lives from start() until the HTTP server has stopped.
#pragma once

#include "credential_windows.hpp"
#include "dataset_backend.hpp"
#include "faults.hpp"
#include "fixture_model.hpp"
#include "journal.hpp"
#include "provider_registry.hpp"
#include "photobridge/mock/server.hpp"

#include <memory>
#include <string>
#include <vector>

namespace photobridge::mock {

struct ServerState {
    ServerState(ServerOptions opts, Catalog cat, const ProviderRegistry& registry)
        : options(std::move(opts)), catalog(std::move(cat)), providers(registry), journal(options.journal_capacity),
          faults(options.seed) {
        for (std::size_t i = 0; i < catalog.providers.size(); ++i)
            rate_windows.push_back(std::make_unique<CredentialWindows>());
    }

    // A served provider's fixtures, its registered rules (null when none
    // are registered) and its dataset backend (null unless --dataset and a
    // backend exists). All null when the mock does not serve `id`.
    struct Served {
        const Provider* fixtures = nullptr;
        const ProviderRules* rules = nullptr;
        DatasetBackend* backend = nullptr;
        CredentialWindows* rate_windows = nullptr;  // counts the provider's documented rate limit
    };
    Served find(std::string_view id) const {
        for (std::size_t i = 0; i < catalog.providers.size(); ++i)
            if (catalog.providers[i]->id == id)
                return {catalog.providers[i].get(), providers.find(id), i < backends.size() ? backends[i].get() : nullptr,
                        rate_windows[i].get()};
        return {};
    }

    const ServerOptions options;
    const Catalog catalog;  // read-only after construction
    const ProviderRegistry& providers;  // outlives the server (builtin_providers())
    Journal journal;
    FaultEngine faults;
    // Parallel to catalog.providers; null where dataset mode is off or the
    // provider has no backend.
    std::vector<std::unique_ptr<DatasetBackend>> backends;
    // Parallel to catalog.providers: each provider's documented rate-limit
    // windows (used when its provider.json declares "rate_limit").
    std::vector<std::unique_ptr<CredentialWindows>> rate_windows;
    int port = 0;  // bound port, set before the first request is accepted
};

}  // namespace photobridge::mock
