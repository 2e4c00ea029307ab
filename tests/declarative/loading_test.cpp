// Provider files on the plugin search path: each good one becomes a plugin
// with the manifest derived from it; a broken one is refused with its own
// one-line reason (FILE:LINE:COLUMN) and the host goes on with the others;
// an id taken twice is refused like a duplicate library.
#include "host/plugin_instance.hpp"
#include "host/plugin_registry.hpp"
#include "support/harness.hpp"
#include "support/test_files.hpp"

#include <doctest/doctest.h>

#include <filesystem>

using namespace photobridge;
namespace fs = std::filesystem;

namespace {

const fs::path kTestDir = DECLARATIVE_TEST_DIR;

bool any_problem(const host::PluginRegistry& r, const std::string& part) {
    for (const auto& p : r.problems())
        if (p.find(part) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("provider files on the search path become plugins, broken ones are refused one line each") {
    testing::TempDir dir;
    fs::copy_file(kTestDir / "valid/lumen_proofs.provider.toml", dir.path() / "lumen_proofs.provider.toml");
    fs::copy_file(kTestDir / "broken/record_kind.provider.toml", dir.path() / "record_kind.provider.toml");
    host::PluginRegistry registry;
    registry.load_search_path({dir.path(), PHOTOBRIDGE_PLUGIN_OUTPUT_DIR});

    const auto lumen = registry.find("lumen_proofs");
    REQUIRE(lumen != nullptr);
    CHECK(lumen->made_by != nullptr);
    CHECK(lumen->factory_id == "declarative");
    CHECK(lumen->file == dir.path() / "lumen_proofs.provider.toml");
    CHECK(lumen->name == "Lumen Proofs");
    CHECK(lumen->extensions.media_download != nullptr);
    const auto& manifest = lumen->manifest->document();
    CHECK(manifest.at("streams").at("proofs").at("record") == "photo");
    CHECK(manifest.at("streams").at("proofs").at("params").at("required") == boost::json::array{"gallery"});
    CHECK(manifest.at("config").at("api_key").at("secret") == true);
    CHECK(manifest.at("operations").as_object().contains("download_media"));
    CHECK(lumen->manifest->secret_config_keys() == std::vector<std::string>{"api_key"});

    // The shipped replica, from the build's plugin folder, and the C++ plugins.
    CHECK(registry.find("cloudcard_declarative") != nullptr);
    CHECK(registry.find("cloudcard") != nullptr);
    CHECK(registry.find("declarative") != nullptr);

    // The broken file: refused, with its place, and nothing else is.
    CHECK(registry.find("t") == nullptr);
    REQUIRE(registry.problems().size() == 1);
    const std::string& problem = registry.problems().front();
    CHECK(problem.rfind((dir.path() / "record_kind.provider.toml").string() + ":", 0) == 0);
    CHECK(problem.find("unknown record kind 'image'") != std::string::npos);
}

TEST_CASE("a provider file whose id is taken is refused as a duplicate") {
    testing::TempDir dir;
    fs::copy_file(fs::path(PHOTOBRIDGE_SOURCE_DIR) / "plugins/declarative/providers/cloudcard_declarative.provider.toml",
                  dir.path() / "copy.provider.toml");
    host::PluginRegistry registry;
    registry.load_search_path({dir.path(), PHOTOBRIDGE_PLUGIN_OUTPUT_DIR});
    const auto plugin = registry.find("cloudcard_declarative");
    REQUIRE(plugin != nullptr);
    CHECK(plugin->file == dir.path() / "copy.provider.toml");  // the first on the search path wins
    CHECK(any_problem(registry, "duplicate plugin id 'cloudcard_declarative'"));
}

TEST_CASE("an instance of a provider file's plugin takes its config like any plugin's") {
    const auto plugin = testing::built_plugins().find("cloudcard_declarative");
    REQUIRE(plugin != nullptr);
    host::PluginInstance ok(plugin, boost::json::object{{"token", "secret-token-value"}, {"base_url", "http://127.0.0.1:9"}});
    CHECK(ok.plugin().id == "cloudcard_declarative");
    // The token is secret in the file, so the host redacts it.
    CHECK(ok.redactor().redact("sent secret-token-value").find("secret-token-value") == std::string::npos);
    try {
        host::PluginInstance missing(plugin, boost::json::object{{"base_url", "http://127.0.0.1:9"}});
        FAIL("created without its required token");
    } catch (const host::InvokeError& e) {
        CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
        CHECK(std::string(e.what()).find("token") != std::string::npos);
    }
}
