// Every example in examples/workflows/ validates against the real built
// plugins (with its ${env:...} variables injected). A case that needs a
// plugin this build left out (PHOTOBRIDGE_ONLY_PLUGINS) is skipped, and
// ctest says so (support/skip.hpp).
#include "workflow/workflow_loader.hpp"
#include "support/harness.hpp"
#include "support/skip.hpp"

#include "workflow_test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

using namespace photobridge;

namespace {

std::vector<std::filesystem::path> example_files() {
    std::vector<std::filesystem::path> out;
    const auto dir = std::filesystem::path(PHOTOBRIDGE_SOURCE_DIR) / "examples" / "workflows";
    if (std::filesystem::is_directory(dir))
        for (const auto& entry : std::filesystem::directory_iterator(dir))
            if (entry.path().extension() == ".toml") out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every ${env:NAME} of a file, set to a placeholder.
workflow_file::EnvLookup env_for(const std::string& text) {
    std::map<std::string, std::string> values;
    const std::regex ref(R"(\$\{env:([A-Za-z_][A-Za-z0-9_]*)\})");
    for (std::sregex_iterator it(text.begin(), text.end(), ref), end; it != end; ++it)
        values[(*it)[1].str()] = "placeholder-" + (*it)[1].str();
    return testing::env_from(values);
}

// The plugin ids a file's connections use.
std::vector<std::string> plugins_of(const std::string& text) {
    std::vector<std::string> out;
    const std::regex plugin(R"re(^\s*plugin\s*=\s*"([^"]+)")re");
    std::istringstream lines(text);
    std::string line;
    std::smatch m;
    while (std::getline(lines, line))
        if (std::regex_search(line, m, plugin)) out.push_back(m[1].str());
    return out;
}

}  // namespace

TEST_CASE("the examples cover the four workflows of the issue") {
    std::vector<std::string> names;
    for (const auto& f : example_files()) names.push_back(f.filename().string());
    CAPTURE(names.size());
    CHECK(names.size() >= 4);
    for (const char* expected : {"headshotpro-favorites-to-shootbin.toml", "snapbar-accepted-to-folder.toml",
                                 "cloudcard-approved-to-folder.toml", "headshotpro-loved-smile-to-shootbin.toml"}) {
        CAPTURE(expected);
        CHECK(std::find(names.begin(), names.end(), expected) != names.end());
    }
}

TEST_CASE("every example validates against the built plugins") {
    const host::PluginRegistry& registry = testing::built_plugins();
    for (const auto& file : example_files()) {
        SUBCASE(file.filename().string().c_str()) {
            const std::string text = read(file);
            std::vector<std::string> missing;
            for (const auto& id : plugins_of(text))
                if (!registry.find(id)) missing.push_back(id);
            if (!missing.empty()) {
                std::string list;
                for (const auto& m : missing) list += " " + m;
                testing::skip(file.filename().string() + ": plugin(s) not in this build:" + list);
                continue;
            }
            const workflow_file::LoadResult r = workflow_file::load_workflow(file, registry, env_for(text));
            std::string diagnostics;
            for (const auto& d : r.diagnostics) diagnostics += d.str() + "\n";
            INFO(diagnostics);
            CHECK(r.workflow.has_value());
        }
    }
}

TEST_CASE("the built-in files sink is validated through its manifest like any plugin") {
    const host::PluginRegistry& registry = testing::built_plugins();
    if (!registry.find("files") || !registry.find("headshotpro")) {
        testing::skip("the files or headshotpro plugin is not in this build");
        return;
    }
    testing::TempWorkflow file(R"([workflow]
name = "files-mistakes"
[connections.hp]
plugin = "headshotpro"
api_key = "${env:HP_KEY}"
[connections.out]
plugin = "files"
folder = "out"
[source]
connection = "hp"
stream = "org_favorites"
[[sinks]]
connection = "out"
action = "write"
params = { nmae = "{id}.jpg" }
)");
    const auto r = workflow_file::load_workflow(file.path(), registry, testing::env_from({{"HP_KEY", "hp-secret-1"}}));
    CHECK(testing::diagnostics_text(r) ==
          "6:1: connections.out: missing required setting 'dir' of plugin files\n"
          "8:1: connections.out.folder: unknown setting of plugin files (known: dir, fsync)\n"
          "12:1: sinks[0]: files.write needs the record's bytes, but no step before this sink fetches them (add "
          "[[steps]] use = \"download\")\n"
          "15:12: sinks[0].params.nmae: unknown parameter of files.write (did you mean 'name'?)\n");
}
