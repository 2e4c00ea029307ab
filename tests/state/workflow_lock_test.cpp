// The SQLite store's workflow lock files (the lock itself, on every
// backend: store_lock_test.cpp).
#include "state/workflow_lock_file.hpp"
#include "temp_folder.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace photobridge::state;
using photobridge::testing::TempFolder;

TEST_CASE("workflow lock: names that differ only in characters a file name cannot hold get different files") {
    TempFolder dir;
    const auto a = workflow_lock_path(dir / "state.db", "studio/a");
    const auto b = workflow_lock_path(dir / "state.db", "studio:a");
    CHECK(a != b);
    CHECK(a.parent_path() == dir / "state.db.locks");
    CHECK(a.filename().string().find('/') == std::string::npos);
}
