#include "temp_folder.hpp"

#include <sqlite3.h>

#include <random>
#include <stdexcept>
#include <unistd.h>

namespace photobridge::testing {

TempFolder::TempFolder() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("photobridge-state-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
}

TempFolder::~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

namespace {

struct Connection {
    sqlite3* db = nullptr;
    Connection(const std::filesystem::path& path, bool create) {
        const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
        if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
            const std::string message = sqlite3_errmsg(db);
            sqlite3_close(db);
            throw std::runtime_error("raw open " + path.string() + ": " + message);
        }
        sqlite3_busy_timeout(db, 5000);
    }
    ~Connection() { sqlite3_close(db); }
};

}  // namespace

std::string raw_query(const std::filesystem::path& path, const std::string& sql) {
    Connection c(path, false);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(c.db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
        throw std::runtime_error("raw prepare: " + std::string(sqlite3_errmsg(c.db)));
    std::string out;
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        if (const auto* text = sqlite3_column_text(stmt, 0)) out = reinterpret_cast<const char*>(text);
    } else if (rc != SQLITE_DONE) {
        const std::string message = sqlite3_errmsg(c.db);
        sqlite3_finalize(stmt);
        throw std::runtime_error("raw step: " + message);
    }
    sqlite3_finalize(stmt);
    return out;
}

std::int64_t raw_query_int(const std::filesystem::path& path, const std::string& sql) {
    const std::string text = raw_query(path, sql);
    return text.empty() ? 0 : std::stoll(text);
}

void raw_exec(const std::filesystem::path& path, const std::string& sql) {
    Connection c(path, true);
    char* error = nullptr;
    if (sqlite3_exec(c.db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = error ? error : "?";
        sqlite3_free(error);
        throw std::runtime_error("raw exec: " + message);
    }
}

}  // namespace photobridge::testing
