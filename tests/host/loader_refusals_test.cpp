// The loader refuses broken plugins with one line naming the file and the
// reason, and keeps going.
#include <doctest/doctest.h>

#include "host/plugin_registry.hpp"

#include <string>

using photobridge::host::PluginRegistry;

namespace {

std::string fixture(const std::string& name) { return std::string(PHOTOBRIDGE_FIXTURE_DIR) + "/" + name; }

// Loads one fixture folder and returns the single problem line it produced.
std::string refusal_of(const std::string& name) {
    PluginRegistry registry;
    registry.load_directory(fixture(name));
    REQUIRE(registry.plugins().empty());
    REQUIRE(registry.problems().size() == 1);
    const std::string line = registry.problems().front();
    CHECK(line.find("photobridge-" + name + ".so") != std::string::npos);
    CHECK(line.find('\n') == std::string::npos);
    return line;
}

}  // namespace

TEST_CASE("a well-formed plugin written in plain C loads and answers") {
    PluginRegistry registry;
    registry.load_directory(fixture("valid_c"));
    REQUIRE(registry.problems().empty());
    REQUIRE(registry.plugins().size() == 1);
    CHECK(registry.plugins().front()->id == "valid_c");
}

TEST_CASE("a file without the entry symbol is refused") {
    CHECK(refusal_of("no_entry").find("no entry symbol 'photobridge_plugin_entry'") != std::string::npos);
}

TEST_CASE("a wrong magic number is refused") {
    CHECK(refusal_of("bad_magic").find("wrong magic") != std::string::npos);
}

TEST_CASE("a plugin needing a newer ABI minor is refused") {
    // The fixture asks for one minor more than this host has.
    const std::string needed = "needs ABI 1." + std::to_string(PB_ABI_MINOR + 1);
    CHECK(refusal_of("newer_minor").find(needed) != std::string::npos);
}

TEST_CASE("a plugin whose entry returns NULL for this host is refused") {
    CHECK(refusal_of("refuses_host").find("needs a newer host") != std::string::npos);
}

TEST_CASE("a too-short descriptor struct_size is refused") {
    CHECK(refusal_of("short_struct").find("struct_size 24 is too short") != std::string::npos);
}

TEST_CASE("a manifest that is not JSON is refused") {
    CHECK(refusal_of("bad_manifest").find("manifest is not valid JSON") != std::string::npos);
}

TEST_CASE("a duplicate plugin id is refused, the first one stays") {
    PluginRegistry registry;
    registry.load_directory(fixture("duplicate_a"));
    REQUIRE(registry.plugins().size() == 1);
    REQUIRE(registry.problems().size() == 1);
    CHECK(registry.problems().front().find("duplicate plugin id 'duplicate'") != std::string::npos);
    CHECK(registry.problems().front().find("photobridge-duplicate_b.so") != std::string::npos);
}

TEST_CASE("refusals do not stop the registry: good plugins still load afterwards") {
    PluginRegistry registry;
    for (const char* bad : {"no_entry", "bad_magic", "newer_minor", "refuses_host", "short_struct", "bad_manifest"})
        registry.load_directory(fixture(bad));
    registry.load_directory(PHOTOBRIDGE_PLUGIN_OUTPUT_DIR);
    registry.load_directory(fixture("valid_c"));
    CHECK(registry.problems().size() == 6);
    CHECK(registry.find("hello") != nullptr);
    CHECK(registry.find("valid_c") != nullptr);
}

TEST_CASE("a file that is not a shared library at all is refused") {
    PluginRegistry registry;
    registry.load_file(std::string(PHOTOBRIDGE_SOURCE_DIR) + "/README.md");
    REQUIRE(registry.problems().size() == 1);
    CHECK(registry.problems().front().find("cannot be loaded") != std::string::npos);
}
