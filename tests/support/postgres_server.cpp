#include "support/postgres_server.hpp"

#include <libpq-fe.h>

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace photobridge::testing {
namespace fs = std::filesystem;

namespace {

constexpr const char* kSuperuser = "photobridge";

// The folder of initdb and postgres: Debian's newest version, else PATH.
std::optional<fs::path> binary_folder() {
    std::vector<fs::path> versions;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec))
        if (fs::exists(entry.path() / "bin" / "initdb") && fs::exists(entry.path() / "bin" / "postgres"))
            versions.push_back(entry.path() / "bin");
    if (!versions.empty()) {
        std::sort(versions.begin(), versions.end(), [](const fs::path& a, const fs::path& b) {
            return std::atoi(a.parent_path().filename().c_str()) < std::atoi(b.parent_path().filename().c_str());
        });
        return versions.back();
    }
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');)
        if (!dir.empty() && access((fs::path(dir) / "initdb").c_str(), X_OK) == 0 &&
            access((fs::path(dir) / "postgres").c_str(), X_OK) == 0)
            return fs::path(dir);
    return std::nullopt;
}

// The account the server runs as: nobody when we are root, else ourselves.
struct RunAs {
    bool drop = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

RunAs run_as() {
    RunAs who;
    if (geteuid() != 0) return who;
    const passwd* nobody = getpwnam("nobody");
    if (nobody == nullptr) throw std::runtime_error("running as root and there is no user 'nobody' to run postgres as");
    who.drop = true;
    who.uid = nobody->pw_uid;
    who.gid = nobody->pw_gid;
    return who;
}

// Forks and execs argv as `who`, stdout and stderr appended to `log`. The
// child gets SIGQUIT (postgres: immediate shutdown) if this process dies.
pid_t spawn(const std::vector<std::string>& argv, const RunAs& who, const fs::path& log) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid > 0) return pid;
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (out >= 0) {
        dup2(out, STDOUT_FILENO);
        dup2(out, STDERR_FILENO);
    }
    if (who.drop && (setgroups(0, nullptr) != 0 || setgid(who.gid) != 0 || setuid(who.uid) != 0)) _exit(126);
    prctl(PR_SET_PDEATHSIG, SIGQUIT);  // after setuid, which clears it
    if (getppid() != parent) _exit(125);
    execv(args[0], args.data());
    _exit(127);
}

std::string tail_of(const fs::path& log) {
    std::ifstream in(log);
    std::stringstream all;
    all << in.rdbuf();
    const std::string text = all.str();
    return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

std::string percent_encoded(const std::string& text) {
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

}  // namespace

std::optional<std::string> PostgresServer::missing_binaries() {
    if (binary_folder()) return std::nullopt;
    return "no PostgreSQL server binaries (initdb, postgres): install Debian's postgresql-15 (.ci/setup does)";
}

PostgresServer::PostgresServer() {
    const auto bin = binary_folder();
    if (!bin) throw std::runtime_error(*missing_binaries());
    const RunAs who = run_as();
    std::string pattern = (fs::temp_directory_path() / "pb-pg-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a folder for PostgreSQL");
    folder_ = pattern;
    const fs::path data = folder_ / "data";
    const fs::path log = folder_ / "server.log";
    if (who.drop && chown(folder_.c_str(), who.uid, who.gid) != 0)
        throw std::runtime_error("cannot give " + folder_.string() + " to nobody");

    const pid_t initdb = spawn({(*bin / "initdb").string(), "-D", data.string(), "-U", kSuperuser, "-A", "trust",
                                "-E", "UTF8", "--no-sync", "--no-instructions"},
                               who, log);
    int status = 0;
    waitpid(initdb, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("initdb failed (status " + std::to_string(status) + "):\n" + tail_of(log));

    pid_ = spawn({(*bin / "postgres").string(), "-D", data.string(), "-k", folder_.string(), "-c", "listen_addresses=",
                  "-c", "fsync=off", "-c", "max_connections=60"},
                 who, log);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
        if (PQping(uri().c_str()) == PQPING_OK) return;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("postgres exited at start:\n" + tail_of(log));
        }
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
            pid_ = -1;
            throw std::runtime_error("postgres did not accept connections within 30 s:\n" + tail_of(log));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

PostgresServer::~PostgresServer() {
    if (pid_ > 0) {
        kill(pid_, SIGINT);  // fast shutdown: sessions are ended, nothing is waited for
        int status = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (waitpid(pid_, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                kill(pid_, SIGKILL);
                waitpid(pid_, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    std::error_code ignored;
    fs::remove_all(folder_, ignored);
}

std::string PostgresServer::uri(const std::string& database) const {
    return "postgresql://" + std::string(kSuperuser) + "@/" + percent_encoded(database) +
           "?host=" + percent_encoded(folder_.string());
}

std::string PostgresServer::create_database(const std::string& name) const {
    PGconn* connection = PQconnectdb(uri().c_str());
    std::string error;
    if (PQstatus(connection) != CONNECTION_OK) {
        error = PQerrorMessage(connection);
    } else {
        char* quoted = PQescapeIdentifier(connection, name.c_str(), name.size());
        PGresult* result = PQexec(connection, ("CREATE DATABASE " + std::string(quoted)).c_str());
        PQfreemem(quoted);
        if (PQresultStatus(result) != PGRES_COMMAND_OK) error = PQresultErrorMessage(result);
        PQclear(result);
    }
    PQfinish(connection);
    if (!error.empty()) throw std::runtime_error("CREATE DATABASE " + name + ": " + error);
    return uri(name);
}

}  // namespace photobridge::testing
