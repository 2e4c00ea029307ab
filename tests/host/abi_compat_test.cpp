// Extensions (photobridge/ext/*.h) and the 1.0 plugins they must not break:
// the host takes an extension when a plugin offers one, falls back to the
// 1.0 operation conventions for a plugin built against the frozen 1.0
// header, and refuses a plugin whose extension table is malformed.
#include <doctest/doctest.h>

#include "host/plugin_instance.hpp"
#include "host/plugin_registry.hpp"
#include "host/invoke_error.hpp"

#include <boost/json.hpp>

#include <optional>
#include <string>

namespace json = boost::json;
using photobridge::host::InvokeError;
using photobridge::host::PluginInstance;
using photobridge::host::PluginRegistry;

namespace {

std::string fixture(const std::string& name) { return std::string(PHOTOBRIDGE_FIXTURE_DIR) + "/" + name; }

photobridge::host::LoadedPluginPtr load_one(PluginRegistry& registry, const std::string& name) {
    registry.load_directory(fixture(name));
    REQUIRE(registry.problems().empty());
    REQUIRE(registry.plugins().size() == 1);
    return registry.plugins().front();
}

}  // namespace

TEST_CASE("a plugin built for ABI 1.0 loads: no extensions, its capabilities come from its operations") {
    PluginRegistry registry;
    const auto plugin = load_one(registry, "abi_1_0");
    CHECK(plugin->descriptor->abi_minor == 0);
    const bool offers_get_extension = plugin->descriptor->get_extension != nullptr;
    CHECK_FALSE(offers_get_extension);
    CHECK(plugin->extensions.webhook_verifier == nullptr);
    CHECK(plugin->extensions.media_download == nullptr);
    CHECK(plugin->extensions.sink_lookup == nullptr);
    CHECK(photobridge::host::verifies_webhooks(*plugin));
    CHECK(photobridge::host::downloads_media(*plugin));
}

TEST_CASE("a 1.0 plugin's verify_webhook operation serves the host's webhook verification") {
    PluginRegistry registry;
    PluginInstance instance(load_one(registry, "abi_1_0"), json::object{});

    const json::object genuine = instance.verify_webhook("genuine", R"({"event":"x"})", 30).json.as_object();
    CHECK(genuine.at("valid").as_bool());
    CHECK(genuine.at("leeway").as_int64() == 30);
    CHECK(genuine.at("had_body").as_bool());

    const json::object forged = instance.verify_webhook("forged", "", 5).json.as_object();
    CHECK_FALSE(forged.at("valid").as_bool());
    CHECK(forged.at("reason").as_string() == "unknown token");
    CHECK(forged.at("leeway").as_int64() == 5);
    CHECK_FALSE(forged.at("had_body").as_bool());  // no body: the 1.0 request has no "body" member
}

TEST_CASE("a 1.0 plugin's download_media operation serves the host's media download") {
    PluginRegistry registry;
    PluginInstance instance(load_one(registry, "abi_1_0"), json::object{});
    const auto r = instance.download_media("https://cdn.example/a.jpg?sig=1", "main");
    CHECK(r.json.at("content_type").as_string() == "application/json");
    const json::value request = json::parse(r.bytes);  // the fixture returns the request it got
    CHECK(request.at("url").as_string() == "https://cdn.example/a.jpg?sig=1");
    CHECK(request.at("variant").as_string() == "main");
}

TEST_CASE("a plugin that offers the extensions: the host takes them, not the operations of the same name") {
    PluginRegistry registry;
    const auto plugin = load_one(registry, "extensions");
    REQUIRE(plugin->extensions.webhook_verifier != nullptr);
    REQUIRE(plugin->extensions.media_download != nullptr);
    CHECK(std::string(plugin->extensions.webhook_verifier->token_header) == "X-Fixture-Signature");
    PluginInstance instance(plugin, json::object{});

    const json::object verdict = instance.verify_webhook("genuine", "12345", 7).json.as_object();
    CHECK(verdict.at("via").as_string() == "extension");
    CHECK(verdict.at("valid").as_bool());
    CHECK(verdict.at("leeway").as_int64() == 7);
    CHECK(verdict.at("body_size").as_int64() == 5);
    CHECK_FALSE(instance.verify_webhook("forged", "", 0).json.at("valid").as_bool());
    // The operation stays callable by name (photobridge call) and answers on its own path.
    CHECK(instance.invoke("verify_webhook", json::object{{"token", "genuine"}}).json.at("via").as_string() == "operation");

    const auto media = instance.download_media("http://x.test/p.png", "thumb");
    CHECK(media.json.at("via").as_string() == "extension");
    CHECK(media.bytes == "http://x.test/p.png|thumb");
}

TEST_CASE("a plugin's sink-lookup extension: the host asks it whether a write happened") {
    PluginRegistry registry;
    const auto plugin = load_one(registry, "extensions");
    REQUIRE(plugin->extensions.sink_lookup != nullptr);
    PluginInstance instance(plugin, json::object{});

    CHECK(instance.can_find_write("store", json::object{{"name", "here"}}));
    CHECK_FALSE(instance.can_find_write("store", json::object{{"title", "no name"}}));
    CHECK_FALSE(instance.can_find_write("other", json::object{{"name", "here"}}));

    const auto here = instance.find_write("store", json::object{{"name", "here"}}, std::nullopt);
    CHECK(here.found);
    CHECK(here.id == "x-1");
    const auto gone = instance.find_write("store", json::object{{"name", "gone"}}, std::nullopt);
    CHECK_FALSE(gone.found);
    CHECK_FALSE(gone.next_cursor.has_value());
    // A lookup that goes on over pages: the host calls again with the cursor.
    const auto first = instance.find_write("store", json::object{{"name", "later"}}, std::nullopt);
    CHECK_FALSE(first.found);
    CHECK(first.next_cursor == std::optional<std::string>("p2"));
    const auto second = instance.find_write("store", json::object{{"name", "later"}}, first.next_cursor);
    CHECK(second.found);
    CHECK(second.id == "x-1");
    try {
        (void)instance.find_write("store", json::object{{"name", "broken"}}, std::nullopt);
        FAIL("expected an InvokeError");
    } catch (const InvokeError& e) {
        CHECK(e.code() == PB_ERR_PROTOCOL);
        CHECK(std::string(e.what()).find("no boolean \"found\"") != std::string::npos);
    }
    try {
        (void)instance.find_write("store", json::object{{"title", "no name"}}, std::nullopt);
        FAIL("expected an InvokeError");
    } catch (const InvokeError& e) {
        CHECK(e.code() == PB_ERR_UNSUPPORTED);
    }
}

TEST_CASE("an extension's error status reaches the host as an InvokeError") {
    PluginRegistry registry;
    PluginInstance instance(load_one(registry, "extensions"), json::object{});
    try {
        (void)instance.verify_webhook("not-a-token", "", 0);
        FAIL("expected an InvokeError");
    } catch (const InvokeError& e) {
        CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
        CHECK(std::string(e.what()).find("token is not readable") != std::string::npos);
    }
}

TEST_CASE("a malformed extension table refuses the plugin with one line") {
    for (const auto& [name, reason] : {std::pair<std::string, std::string>{"short_extension", "struct_size 8 is too short"},
                                       {"null_extension_function", "download is missing"}}) {
        CAPTURE(name);
        PluginRegistry registry;
        registry.load_directory(fixture(name));
        CHECK(registry.plugins().empty());
        REQUIRE(registry.problems().size() == 1);
        const std::string& line = registry.problems().front();
        CHECK(line.find("photobridge-" + name + ".so") != std::string::npos);
        CHECK(line.find(reason) != std::string::npos);
    }
}
