// Test helpers: a fresh folder per test, removed afterwards, and a raw
// SQLite look at a state database (independent of the store's code).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace photobridge::testing {

class TempFolder {
public:
    TempFolder();
    ~TempFolder();
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// Runs SQL on its own connection and returns the first column of the first
// row as text ("" when no row). Throws std::runtime_error on failure.
std::string raw_query(const std::filesystem::path& db, const std::string& sql);
std::int64_t raw_query_int(const std::filesystem::path& db, const std::string& sql);
// raw_exec creates the database file when it does not exist.
void raw_exec(const std::filesystem::path& db, const std::string& sql);

}  // namespace photobridge::testing
