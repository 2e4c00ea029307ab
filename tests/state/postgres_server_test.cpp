// The tests' own PostgreSQL server (support/postgres_server.hpp): started in
// a temporary folder, reachable only over its Unix socket, run as an
// unprivileged user when the tests run as root, and gone, folder and
// process, once the test is done with it.
#include "support/postgres_server.hpp"
#include "support/skip.hpp"

#include <doctest/doctest.h>
#include <libpq-fe.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

using photobridge::testing::PostgresServer;

namespace {

// The single value of `sql` on `uri`; "" with the error in `error`.
std::string query_one(const std::string& uri, const std::string& sql, std::string& error) {
    PGconn* connection = PQconnectdb(uri.c_str());
    std::string value;
    if (PQstatus(connection) != CONNECTION_OK) {
        error = PQerrorMessage(connection);
    } else {
        PGresult* result = PQexec(connection, sql.c_str());
        if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1) value = PQgetvalue(result, 0, 0);
        else error = PQresultErrorMessage(result);
        PQclear(result);
    }
    PQfinish(connection);
    return value;
}

// The real uid of process `pid` (from /proc), -1 when it is gone.
long uid_of(int pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("Uid:", 0) == 0) return std::stol(line.substr(4));
    return -1;
}

}  // namespace

TEST_CASE("test PostgreSQL: a server of its own on a Unix socket, no TCP, unprivileged, gone with its folder after the test") {
    if (auto missing = PostgresServer::missing_binaries()) {
        photobridge::testing::skip(*missing);
        return;
    }
    std::filesystem::path folder;
    int pid = -1;
    {
        PostgresServer server;
        folder = server.folder();
        pid = server.pid();
        std::string error;
        CHECK(query_one(server.uri(), "SELECT current_user", error) == "photobridge");
        CHECK(error.empty());
        CHECK(query_one(server.uri(), "SHOW listen_addresses", error).empty());
        CHECK(query_one(server.uri(), "SELECT current_setting('server_version_num')::int >= 150000", error) == "t");

        const std::string uri = server.create_database("store one");
        CHECK(uri.find("store%20one") != std::string::npos);
        CHECK(query_one(uri, "SELECT current_database()", error) == "store one");
        CHECK(error.empty());

        if (geteuid() == 0) CHECK(uid_of(pid) != 0);  // never root
        else CHECK(uid_of(pid) == static_cast<long>(getuid()));
    }
    CHECK_FALSE(std::filesystem::exists(folder));
    CHECK(kill(pid, 0) != 0);  // reaped: no such process
}

TEST_CASE("test PostgreSQL: the server dies with the test process that started it, even under SIGKILL") {
    if (auto missing = PostgresServer::missing_binaries()) {
        photobridge::testing::skip(*missing);
        return;
    }
    int pipe_fds[2];
    REQUIRE(pipe(pipe_fds) == 0);
    const pid_t tester = fork();
    REQUIRE(tester >= 0);
    if (tester == 0) {  // the "test process": starts a server, reports it, waits to be killed
        close(pipe_fds[0]);
        try {
            PostgresServer server;
            const std::string report = std::to_string(server.pid()) + " " + server.folder().string() + "\n";
            if (write(pipe_fds[1], report.data(), report.size()) < 0) _exit(2);
            for (;;) pause();
        } catch (...) {
            _exit(1);
        }
    }
    close(pipe_fds[1]);
    std::string report;
    char chunk[512];
    for (ssize_t n; (n = read(pipe_fds[0], chunk, sizeof chunk)) > 0;) {
        report.append(chunk, static_cast<std::size_t>(n));
        if (report.find('\n') != std::string::npos) break;
    }
    close(pipe_fds[0]);
    kill(tester, SIGKILL);
    int status = 0;
    waitpid(tester, &status, 0);
    REQUIRE(report.find(' ') != std::string::npos);
    const int postgres = std::stoi(report.substr(0, report.find(' ')));
    const std::string folder = report.substr(report.find(' ') + 1, report.find('\n') - report.find(' ') - 1);
    // Orphaned, it is re-parented and reaped by init (or the container's
    // pid 1); /proc/<pid> disappears once it has exited and been reaped,
    // its uid reads -1 as soon as it is a zombie or gone.
    bool gone = false;
    for (int i = 0; i < 500 && !gone; ++i) {
        std::ifstream state("/proc/" + std::to_string(postgres) + "/stat");
        std::string text;
        std::getline(state, text);
        gone = text.empty() || text.find(") Z ") != std::string::npos;
        if (!gone) usleep(20000);
    }
    CHECK(gone);
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
}
