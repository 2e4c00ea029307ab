// A real PostgreSQL server for one test: `initdb` in a temporary folder,
// `postgres` listening on a Unix socket in that folder and on no TCP port,
// stopped (fast shutdown) and its folder removed by the destructor. When
// the tests run as root it runs as `nobody` (postgres refuses root). The
// server dies with the test process (PR_SET_PDEATHSIG), so a crashed test
// leaves no server behind.
//
// The binaries are Debian's postgresql-15 (/usr/lib/postgresql/<N>/bin,
// the newest found) or those on PATH; missing_binaries() says when there
// are none, and the caller skips (testing::skip), never passes.
//
// Thread contract: construct, use and destroy on one thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace photobridge::testing {

class PostgresServer {
public:
    // Why no server can be started here (no initdb or postgres), or nullopt.
    static std::optional<std::string> missing_binaries();

    // Starts the server and waits until it accepts connections (up to 30 s).
    // Throws std::runtime_error with the end of the server's log.
    PostgresServer();
    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    // A libpq connection URI for `database` as the superuser "photobridge",
    // over the Unix socket (no password: trust on the socket only).
    std::string uri(const std::string& database = "postgres") const;
    // CREATE DATABASE name; returns uri(name). Throws on failure.
    std::string create_database(const std::string& name) const;
    // The postmaster's pid (for tests of its lifecycle).
    int pid() const noexcept { return pid_; }
    const std::filesystem::path& folder() const noexcept { return folder_; }

private:
    std::filesystem::path folder_;  // data/, the socket, the logs
    int pid_ = -1;
};

}  // namespace photobridge::testing
