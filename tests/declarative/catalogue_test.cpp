// The catalogue of broken provider files: broken/NAME.provider.toml, each
// with the exact problems the declarative plugin reports in
// broken/NAME.expected ("LINE:COLUMN: message", one per line; lines that
// start with '#' are notes), all of them at once.
#include "host/definition_files.hpp"
#include "host/invoke_error.hpp"
#include "support/harness.hpp"
#include "support/test_files.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

using namespace photobridge;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> broken_files() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(fs::path(DECLARATIVE_TEST_DIR) / "broken"))
        if (entry.path().filename().string().ends_with(".provider.toml")) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

fs::path expected_file(const fs::path& file) {
    std::string name = file.filename().string();
    name.replace(name.size() - std::string(".provider.toml").size(), std::string::npos, ".expected");
    return file.parent_path() / name;
}

std::string expected_text(const fs::path& file) { return testing::expected_lines(expected_file(file)); }

}  // namespace

TEST_CASE("the catalogue has at least 20 broken provider files, each with its expected problems") {
    const auto files = broken_files();
    CHECK(files.size() >= 20);
    for (const auto& file : files) {
        CAPTURE(file.filename().string());
        CHECK(fs::exists(expected_file(file)));
    }
}

TEST_CASE("each broken provider file gives exactly its expected problems") {
    const auto factory = host::factory_for(testing::built_plugins(), "x.provider.toml");
    REQUIRE(factory != nullptr);
    CHECK(factory->id == "declarative");
    for (const auto& file : broken_files()) {
        SUBCASE(file.filename().string().c_str()) {
            std::string actual;
            for (const auto& p : host::validate_definition(*factory, file)) {
                CHECK(p.line >= 1);
                CHECK(p.column >= 1);
                actual += std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + p.message + "\n";
            }
            CHECK(actual == expected_text(file));
            // Refused at load time with the first of them, on one line.
            const host::LoadOutcome loaded = host::load_factory_plugin(factory, file);
            CHECK(loaded.plugin == nullptr);
            CHECK(loaded.problem.rfind(file.string() + ":", 0) == 0);
            CHECK(loaded.problem.find('\n') == std::string::npos);
        }
    }
}

TEST_CASE("the shipped provider files and the valid examples have no problem") {
    const auto factory = host::factory_for(testing::built_plugins(), "x.provider.toml");
    REQUIRE(factory != nullptr);
    std::vector<fs::path> files;
    for (const auto& dir : {fs::path(PHOTOBRIDGE_SOURCE_DIR) / "plugins/declarative/providers",
                            fs::path(DECLARATIVE_TEST_DIR) / "valid"})
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.path().filename().string().ends_with(".provider.toml")) files.push_back(entry.path());
    CHECK(files.size() >= 2);
    for (const auto& file : files) {
        CAPTURE(file.string());
        const auto problems = host::validate_definition(*factory, file);
        for (const auto& p : problems) MESSAGE(p.line << ":" << p.column << ": " << p.message);
        CHECK(problems.empty());
    }
}

TEST_CASE("a file that does not exist is NOT_FOUND, not an empty list of problems") {
    const auto factory = host::factory_for(testing::built_plugins(), "x.provider.toml");
    REQUIRE(factory != nullptr);
    try {
        host::validate_definition(*factory, "/nonexistent/none.provider.toml");
        FAIL("no error");
    } catch (const host::InvokeError& e) {
        CHECK(e.code() == PB_ERR_NOT_FOUND);
    }
}
