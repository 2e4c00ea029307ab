// Everything a running mock shares between its worker threads. Owned by
// Server::Impl; lives from start() until the HTTP server has stopped.
#pragma once

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
          faults(options.seed) {}

    // A served provider's fixtures, its registered rules (null when none
    // are registered) and its dataset backend (null unless --dataset and a
    // backend exists). All null when the mock does not serve `id`.
    struct Served {
        const Provider* fixtures = nullptr;
        const ProviderRules* rules = nullptr;
        DatasetBackend* backend = nullptr;
    };
    Served find(std::string_view id) const {
        for (std::size_t i = 0; i < catalog.providers.size(); ++i)
            if (catalog.providers[i]->id == id)
                return {catalog.providers[i].get(), providers.find(id), i < backends.size() ? backends[i].get() : nullptr};
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
    int port = 0;  // bound port, set before the first request is accepted
};

}  // namespace photobridge::mock
