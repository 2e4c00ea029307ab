// Everything a running mock shares between its worker threads. Owned by
// Server::Impl; lives from start() until the HTTP server has stopped.
#pragma once

#include "dataset_backend.hpp"
#include "faults.hpp"
#include "fixture_model.hpp"
#include "journal.hpp"
#include "photobridge/mock/server.hpp"

#include <memory>
#include <string>
#include <vector>

namespace photobridge::mock {

struct ServerState {
    ServerState(ServerOptions opts, Catalog cat)
        : options(std::move(opts)), catalog(std::move(cat)), journal(options.journal_capacity), faults(options.seed) {}

    const ServerOptions options;
    const Catalog catalog;  // read-only after construction
    Journal journal;
    FaultEngine faults;
    // Parallel to catalog.providers; null where dataset mode is off or the
    // provider has no backend.
    std::vector<std::unique_ptr<DatasetBackend>> backends;
    int port = 0;  // bound port, set before the first request is accepted
};

}  // namespace photobridge::mock
