// Files in tests: a scratch directory per test (TempDir) and reading a whole
// file (read_file).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace photobridge::testing {

// A fresh directory under the system temp folder, removed with everything
// in it when the object goes away. Not copyable.
class TempDir {
public:
    // Creates <tmp>/<prefix>-XXXXXX (mkdtemp); throws std::runtime_error when it cannot.
    explicit TempDir(std::string_view prefix = "pb-test");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// The whole content of `path` ("" when it cannot be read).
std::string read_file(const std::filesystem::path& path);

// A catalogue's expected diagnostics (NAME.expected): its lines, each
// ending in '\n', without empty lines and lines that start with '#' (notes);
// "<missing NAME>" when the file does not exist.
std::string expected_lines(const std::filesystem::path& path);

}  // namespace photobridge::testing
