// The @id@ plugin's contract test: the mock server serves fixtures/@id@/
// (the provider's documented responses) in this process; the plugin is
// loaded from this build through the real host (photobridge::testing).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <photobridge/testing.hpp>

#include <string>

namespace testing = photobridge::testing;
namespace json = boost::json;

namespace {

// One mock for the whole test process, on 127.0.0.1 and a free port,
// serving only this folder's fixtures.
testing::MockServer& mock() {
    static testing::MockServer server([] {
        testing::MockOptions options;
        options.fixture_dirs = {FIXTURES_DIR};
        options.builtin_fixtures = false;
        return options;
    }());
    return server;
}

testing::PluginUnderTest plugin(const std::string& token = "mock-token") {
    testing::PluginOptions options;
    options.folder = PLUGIN_DIR;
    return testing::PluginUnderTest("@id@", json::object{{"base_url", mock().provider_url("@id@")}, {"token", token}},
                                    options);
}

}  // namespace

TEST_CASE("items: every documented item, with the token as a Bearer header") {
    mock().clear_journal();
    const json::array items = testing::read_all(plugin(), "items");
    REQUIRE(items.size() == 2);
    CHECK(items[0].at("id") == "item-1");
    const json::array requests = mock().journal();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].at("path") == "/@id@/items");
    CHECK(requests[0].at("headers").as_object().contains("authorization"));
}

TEST_CASE("get_item: the documented item, and NOT_FOUND for an unknown id") {
    const auto p = plugin();
    CHECK(p.call("get_item", json::object{{"id", "item-1"}}).json.at("name") == "First item");
    try {
        p.call("get_item", json::object{{"id", "missing"}});
        FAIL("expected NOT_FOUND");
    } catch (const testing::CallError& e) {
        CHECK(e.code() == PB_ERR_NOT_FOUND);
        CHECK(e.http_status() == 404);
    }
}

TEST_CASE("a wrong token is UNAUTHORIZED, and the token is not in the message") {
    try {
        testing::read_all(plugin("wrong-token-value"), "items");
        FAIL("expected UNAUTHORIZED");
    } catch (const testing::CallError& e) {
        CHECK(e.code() == PB_ERR_UNAUTHORIZED);
        CHECK(std::string(e.what()).find("wrong-token-value") == std::string::npos);
    }
}
