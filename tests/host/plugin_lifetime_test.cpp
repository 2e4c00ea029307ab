// The shared library stays mapped while any instance lives; load, unload and
// load again work; plugins never bind to each other's internal symbols.
#include <doctest/doctest.h>

#include "host/plugin_instance.hpp"
#include "host/plugin_registry.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

using namespace photobridge::host;

namespace {

std::string fixture(const std::string& name) { return std::string(PHOTOBRIDGE_FIXTURE_DIR) + "/" + name; }

// Whether a file is currently mapped into this process.
bool is_mapped(const std::string& needle) {
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);)
        if (line.find(needle) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("an instance keeps its library loaded after the registry is gone") {
    const std::string file = "photobridge-valid_c.so";
    std::unique_ptr<PluginInstance> instance;
    {
        PluginRegistry registry;
        registry.load_directory(fixture("valid_c"));
        REQUIRE(registry.find("valid_c"));
        instance = std::make_unique<PluginInstance>(registry.find("valid_c"), boost::json::object{});
    }
    CHECK(is_mapped(file));
    CHECK(instance->invoke("ping", boost::json::object{}).json.at("language") == "C");
    instance.reset();
    CHECK_FALSE(is_mapped(file));
}

TEST_CASE("load, unload, load again") {
    // valid_c is loaded by no other suite in this process, so its mapping is ours to watch.
    for (int round = 0; round < 3; ++round) {
        CHECK_FALSE(is_mapped("photobridge-valid_c.so"));
        PluginRegistry registry;
        registry.load_directory(fixture("valid_c"));
        REQUIRE(registry.find("valid_c"));
        CHECK(is_mapped("photobridge-valid_c.so"));
        PluginInstance instance(registry.find("valid_c"), {});
        CHECK(instance.invoke("ping", boost::json::object{}).json.at("language") == "C");
    }
    CHECK_FALSE(is_mapped("photobridge-valid_c.so"));
}

TEST_CASE("two plugins defining the same internal symbol each call their own") {
    PluginRegistry registry;
    registry.load_directory(fixture("same_symbol_a"));
    registry.load_directory(fixture("same_symbol_b"));
    REQUIRE(registry.problems().empty());
    PluginInstance a(registry.find("same_symbol_a"), {});
    PluginInstance b(registry.find("same_symbol_b"), {});
    CHECK(a.invoke("which", boost::json::object{}).json.at("value") == 1);
    CHECK(b.invoke("which", boost::json::object{}).json.at("value") == 2);
    CHECK(a.invoke("which", boost::json::object{}).json.at("value") == 1);
}

TEST_CASE("an installed program's plugin folder is ../lib/photobridge/plugins from its own folder") {
    const auto exe = std::filesystem::read_symlink("/proc/self/exe");
    CHECK(installed_plugin_dir() == exe.parent_path().parent_path() / "lib" / "photobridge" / "plugins");
}

// This test program is not installed: no plugin folder next to it, so the
// build folder comes last (tests/install checks an installed one).
TEST_CASE("the search path puts --plugin-dir first, then PHOTOBRIDGE_PLUGIN_PATH, then the build folder") {
    ::setenv("PHOTOBRIDGE_PLUGIN_PATH", "/env/one:/env/two", 1);
    const auto dirs = plugin_search_path({"/cli/dir"});
    ::unsetenv("PHOTOBRIDGE_PLUGIN_PATH");
    REQUIRE(dirs.size() == 4);
    CHECK(dirs[0] == "/cli/dir");
    CHECK(dirs[1] == "/env/one");
    CHECK(dirs[2] == "/env/two");
    CHECK(dirs[3] == PHOTOBRIDGE_PLUGIN_OUTPUT_DIR);
}
