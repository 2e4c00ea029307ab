// The state store a backend-generic test runs against. The generic store
// suite (tests/state/CMakeLists.txt) is built once per backend, with
// PHOTOBRIDGE_STORE_BACKEND "sqlite" (a file in a temporary folder) or
// "postgresql" (a fresh database on a PostgreSQL server of the test's own,
// support/postgres_server.hpp), so every case runs on both.
//
// Thread contract: start and destroy on the test's thread; open() from any.
#pragma once

#include "state/state_backend.hpp"

#include <memory>
#include <string>

namespace photobridge::testing {

class StoreUnderTest {
public:
    // The backend's store, empty; nullptr after testing::skip() when the
    // backend cannot run here (no PostgreSQL binaries).
    static std::unique_ptr<StoreUnderTest> start();
    virtual ~StoreUnderTest() = default;

    // A new handle on the same store at each call: a restart, or another
    // run's handle.
    std::unique_ptr<state::StateBackend> open() const { return state::open_state_backend(location()); }
    // A SQLite path or a postgresql:// URI.
    virtual const std::string& location() const = 0;
    virtual bool is_postgresql() const = 0;
};

// "sqlite" or "postgresql": the backend this build of the suite tests.
const char* store_backend_name();

}  // namespace photobridge::testing
