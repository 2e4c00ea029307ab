// sdk-docs/declarative-providers.md's tutorial builds the Lumen Proofs
// provider file in steps 1 to 4; CI runs that file
// (valid/lumen_proofs.provider.toml, tutorial_test.cpp). Every setting the
// tutorial's ```toml blocks show before step 5 must be a line of that file,
// so the page never teaches something the tested file does not do.
#include <doctest/doctest.h>

#include "support/test_files.hpp"

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <utility>

namespace fs = std::filesystem;

namespace {

// A line without its trailing comment and surrounding blanks ("" for a
// comment line). Provider files keep '#' out of strings in these blocks.
std::string setting_of(std::string line) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    const auto last = line.find_last_not_of(" \t");
    return line.substr(first, last - first + 1);
}

// The settings of a provider file, one per line.
std::set<std::string> settings_of_file(const fs::path& file) {
    std::set<std::string> lines;
    std::istringstream in(photobridge::testing::read_file(file));
    for (std::string line; std::getline(in, line);)
        if (auto s = setting_of(line); !s.empty()) lines.insert(s);
    return lines;
}

// Every ```toml block of doc[start, end): checks each setting is in
// `lines`; returns the number of blocks and of settings checked.
std::pair<int, int> check_toml_blocks(const std::string& doc, std::size_t start, std::size_t end,
                                      const std::set<std::string>& lines) {
    int blocks = 0, checked = 0;
    for (auto at = doc.find("```toml\n", start); at != std::string::npos && at < end; at = doc.find("```toml\n", at)) {
        const auto body = at + 8;
        const auto close = doc.find("```", body);
        REQUIRE(close != std::string::npos);
        ++blocks;
        std::istringstream in(doc.substr(body, close - body));
        for (std::string line; std::getline(in, line);) {
            const std::string s = setting_of(line);
            if (s.empty()) continue;
            CAPTURE(s);
            CHECK(lines.count(s) == 1);
            ++checked;
        }
        at = close + 3;
    }
    return {blocks, checked};
}

const fs::path kDoc = fs::path(PHOTOBRIDGE_SOURCE_DIR) / "sdk-docs/declarative-providers.md";

}  // namespace

TEST_CASE("the tutorial's provider-file blocks are lines of the tested lumen_proofs.provider.toml") {
    const std::string doc = photobridge::testing::read_file(kDoc);
    REQUIRE(!doc.empty());
    const auto lines = settings_of_file(fs::path(DECLARATIVE_TEST_DIR) / "valid/lumen_proofs.provider.toml");
    REQUIRE(!lines.empty());
    const auto start = doc.find("## Tutorial");
    const auto end = doc.find("### 5.", start);
    REQUIRE(start != std::string::npos);
    REQUIRE(end != std::string::npos);
    const auto [blocks, checked] = check_toml_blocks(doc, start, end, lines);
    CHECK(blocks == 4);
    CHECK(checked > 40);
}

TEST_CASE("the reference's provider-file examples are lines of the shipped provider files") {
    const std::string doc = photobridge::testing::read_file(kDoc);
    std::set<std::string> lines;
    for (const fs::path& dir : {fs::path(PHOTOBRIDGE_SOURCE_DIR) / "plugins/declarative/providers",
                               fs::path(DECLARATIVE_TEST_DIR) / "valid"})
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.path().string().ends_with(".provider.toml")) lines.merge(settings_of_file(entry.path()));
    const auto start = doc.find("## Reference");
    REQUIRE(start != std::string::npos);
    const auto [blocks, checked] = check_toml_blocks(doc, start, doc.size(), lines);
    CHECK(blocks >= 2);
    CHECK(checked > 10);
}
