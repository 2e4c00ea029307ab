// Every exception a plugin throws is contained at the ABI boundary and
// reported; the host keeps working afterwards.
#include <doctest/doctest.h>

#include "host/plugin_instance.hpp"
#include "host/plugin_registry.hpp"

#include <string>

using namespace photobridge::host;

namespace {

LoadedPluginPtr throwing_plugin() {
    static PluginRegistry registry = [] {
        PluginRegistry r;
        r.load_directory(std::string(PHOTOBRIDGE_FIXTURE_DIR) + "/throwing");
        return r;
    }();
    auto p = registry.find("throwing");
    REQUIRE(p);
    return p;
}

InvokeError create_error(const std::string& mode) {
    try {
        PluginInstance instance(throwing_plugin(), boost::json::object{{"throw_on_create", mode}});
    } catch (const InvokeError& e) {
        return e;
    }
    FAIL("create did not fail");
    return InvokeError(0, "");
}

InvokeError invoke_error(const PluginInstance& instance, const std::string& kind) {
    try {
        instance.invoke("throw", boost::json::object{{"kind", kind}});
    } catch (const InvokeError& e) {
        return e;
    }
    FAIL("invoke did not fail");
    return InvokeError(0, "");
}

}  // namespace

TEST_CASE("exceptions thrown from create become errors") {
    const auto runtime = create_error("runtime_error");
    CHECK(runtime.code() == PB_ERR_INTERNAL);
    CHECK(std::string(runtime.what()).find("fixture runtime_error") != std::string::npos);
    const auto integer = create_error("int");
    CHECK(integer.code() == PB_ERR_INTERNAL);
    CHECK(std::string(integer.what()).find("not derived from std::exception") != std::string::npos);
    const auto alloc = create_error("bad_alloc");
    CHECK(std::string(alloc.what()).find("bad_alloc") != std::string::npos);
}

TEST_CASE("exceptions thrown from invoke become errors and the instance keeps working") {
    PluginInstance instance(throwing_plugin(), {});
    for (const char* kind : {"runtime_error", "int", "bad_alloc"}) {
        CAPTURE(kind);
        CHECK(invoke_error(instance, kind).code() == PB_ERR_INTERNAL);
        CHECK(instance.invoke("ok", boost::json::object{}).json.at("ok") == true);
    }
}

TEST_CASE("a 100 KB error message is truncated, never overflowed") {
    PluginInstance instance(throwing_plugin(), {});
    const auto e = invoke_error(instance, "huge_message");
    CHECK(e.code() == PB_ERR_CONFLICT);
    CHECK(e.http_status() == 422);
    const std::string message = e.what();
    CHECK(message.size() < PB_ERROR_MESSAGE_CAPACITY + 40);
    CHECK(message.find("[message truncated]") != std::string::npos);
    CHECK(instance.invoke("ok", boost::json::object{}).json.at("ok") == true);
}

TEST_CASE("a secret from the config never appears in an error message") {
    const std::string token = "sk-live-0123456789abcdef";
    PluginInstance instance(throwing_plugin(), boost::json::object{{"token", token}});
    const auto e = invoke_error(instance, "secret_in_message");
    CHECK(e.code() == PB_ERR_UNAUTHORIZED);
    CHECK(std::string(e.what()).find(token) == std::string::npos);
    CHECK(std::string(e.what()).find("***") != std::string::npos);
}

TEST_CASE("an unknown operation and a bad input are typed errors") {
    PluginInstance instance(throwing_plugin(), {});
    try {
        instance.invoke("nope", boost::json::object{});
        FAIL("expected an error");
    } catch (const InvokeError& e) {
        CHECK(e.code() == PB_ERR_UNSUPPORTED);
    }
    try {
        instance.invoke("throw", boost::json::object{{"kind", "martian"}});
        FAIL("expected an error");
    } catch (const InvokeError& e) {
        CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
        CHECK(std::string(e.what()).find("input.kind") != std::string::npos);
    }
}
