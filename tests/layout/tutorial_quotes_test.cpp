// sdk-docs/writing-a-plugin.md, section 0, quotes the contract test that
// `photobridge new-plugin` writes (core/src/cli/plugin_template/), with the
// id "acme". The install test builds and runs that template, so the quote
// is code CI builds as long as it is a verbatim piece of the template.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << file.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The body of the first ```cpp block after `heading`.
std::string first_cpp_block_after(const std::string& doc, const std::string& heading) {
    const auto section = doc.find(heading);
    REQUIRE_MESSAGE(section != std::string::npos, "no heading '" << heading << "'");
    const auto open = doc.find("```cpp\n", section);
    REQUIRE(open != std::string::npos);
    const auto body = open + 7;
    const auto close = doc.find("```", body);
    REQUIRE(close != std::string::npos);
    return doc.substr(body, close - body);
}

std::string with_placeholder(std::string text, const std::string& id) {
    for (auto at = text.find(id); at != std::string::npos; at = text.find(id, at + 4)) text.replace(at, id.size(), "@id@");
    return text;
}

}  // namespace

TEST_CASE("docs: writing-a-plugin.md section 0 quotes the new-plugin template's test verbatim") {
    const fs::path source(PHOTOBRIDGE_SOURCE_DIR);
    const std::string doc = read_file(source / "sdk-docs" / "writing-a-plugin.md");
    const std::string quoted = first_cpp_block_after(doc, "## 0. Outside the tree, first");
    const std::string templ = read_file(source / "core" / "src" / "cli" / "plugin_template" / "tests" / "@id@_test.cpp");
    CHECK(quoted.size() > 200);
    CHECK_MESSAGE(templ.find(with_placeholder(quoted, "acme")) != std::string::npos,
                  "the doc's test code is not a verbatim piece of the template (with acme for @id@):\n" << quoted);
}
