// The catalogue of broken workflow files: broken/NAME.toml, each with the
// exact diagnostics `photobridge validate` must print in broken/NAME.expected
// ("LINE:COLUMN: message", one per line; lines starting with '#' are notes).
// Loaded against the hello plugin, the studio fixture and generative_photos with a fixed
// environment, so the messages do not depend on the provider plugins. To
// review what the loader says now, run the maintainer tool
// build/tests/workflow_catalogue_dump DIR (catalogue_dump.cpp, not a test).
#include "support/test_files.hpp"
#include "workflow_test_support.hpp"

#include <doctest/doctest.h>


using namespace photobridge;

namespace {

std::string expected_text(const std::filesystem::path& toml) {
    return testing::expected_lines(std::filesystem::path(toml).replace_extension(".expected"));
}

}  // namespace

TEST_CASE("the catalogue has at least 25 broken workflows, each with its expected diagnostics") {
    const auto files = testing::catalogue_files();
    CHECK(files.size() >= 25);
    for (const auto& file : files) {
        CAPTURE(file.filename().string());
        CHECK(std::filesystem::exists(std::filesystem::path(file).replace_extension(".expected")));
    }
}

TEST_CASE("each broken workflow gives exactly its expected diagnostics, and no workflow") {
    for (const auto& file : testing::catalogue_files()) {
        SUBCASE(file.filename().string().c_str()) {
            const workflow_file::LoadResult r = workflow_file::load_workflow(file, testing::fixture_registry(), testing::fixture_env());
            CHECK_FALSE(r.workflow.has_value());
            CHECK_FALSE(r.diagnostics.empty());
            CHECK(testing::diagnostics_text(r) == expected_text(file));
            for (const auto& d : r.diagnostics) {
                CHECK(d.where.file == file.string());
                CHECK(d.str().rfind(file.string() + ":", 0) == 0);
                for (const auto& [_, secret] : testing::fixture_env_values()) CHECK(d.message.find(secret) == std::string::npos);
            }
        }
    }
}
