// A fresh directory under the system temp folder for one test, removed with
// everything in it when the object goes away. Not copyable.
#pragma once

#include <filesystem>
#include <string_view>

namespace photobridge::testing {

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

}  // namespace photobridge::testing
