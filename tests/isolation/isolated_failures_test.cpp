// Each way a plugin can fail its process (segfault, abort, hang, memory
// exhaustion) fails the call with PB_ERR_UNAVAILABLE saying what happened;
// the next call runs in a new child, and the host and its other instances
// carry on.
#include <doctest/doctest.h>

#include "isolation/isolation_support.hpp"
#include "support/skip.hpp"

#include <string>

using namespace isolation_test;
namespace json = boost::json;

namespace {

bool mentions(const photobridge::host::InvokeError& e, const std::string& text) {
    return std::string(e.what()).find(text) != std::string::npos;
}

json::object write_input(const std::string& id) { return json::object{{"id", id}}; }

}  // namespace

TEST_CASE("isolated failure: a segfault on the Nth invoke is UNAVAILABLE naming SIGSEGV and the next call works") {
    auto instance = isolated("crashing", json::object{{"crash_on_call", 3}});
    const auto first_pid = instance->invoke("echo", json::object{}).json.at("pid").as_int64();
    CHECK(instance->invoke("write", write_input("1")).json.at("result_id").as_string() == "1");
    CHECK(instance->invoke("write", write_input("2")).json.at("result_id").as_string() == "2");
    const auto e = failure_of([&] { instance->invoke("write", write_input("3")); });
    CHECK(e.code() == PB_ERR_UNAVAILABLE);
    CHECK(mentions(e, "signal 11 (SIGSEGV)"));
    CHECK(mentions(e, "invoke 'write'"));
    CHECK(mentions(e, "pid " + std::to_string(first_pid)));
    // Restarted: a new process, the plugin's count starts again.
    const auto second_pid = instance->invoke("echo", json::object{}).json.at("pid").as_int64();
    CHECK(second_pid != first_pid);
    CHECK(!process_runs(static_cast<int>(first_pid)));
    CHECK(instance->invoke("write", write_input("4")).json.at("result_id").as_string() == "4");
}

TEST_CASE("isolated failure: abort() is UNAVAILABLE naming SIGABRT") {
    auto instance = isolated("aborting", json::object{{"crash_on_call", 1}});
    const auto e = failure_of([&] { instance->invoke("write", write_input("1")); });
    CHECK(e.code() == PB_ERR_UNAVAILABLE);
    CHECK(mentions(e, "signal 6 (SIGABRT)"));
    // The next child's first write aborts again (crash_on_call 1): echo works.
    CHECK(instance->invoke("echo", json::object{{"x", 1}}).json.at("echo").at("x").as_int64() == 1);
}

TEST_CASE("isolated failure: a hang past the call deadline is UNAVAILABLE naming the deadline and the child is killed") {
    auto instance = isolated("hanging", json::object{{"crash_on_call", 1}}, quick_settings(std::chrono::milliseconds(300)));
    const auto pid = instance->invoke("echo", json::object{}).json.at("pid").as_int64();
    const auto started = std::chrono::steady_clock::now();
    const auto e = failure_of([&] { instance->invoke("write", write_input("1")); });
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(e.code() == PB_ERR_UNAVAILABLE);
    CHECK(mentions(e, "did not answer within 300 ms"));
    CHECK(took >= std::chrono::milliseconds(300));
    CHECK(took < std::chrono::seconds(5));
    CHECK(!process_runs(static_cast<int>(pid)));
    CHECK(instance->invoke("echo", json::object{}).json.at("pid").as_int64() != pid);
}

TEST_CASE("isolated failure: a leak up to the memory limit is UNAVAILABLE saying it ran out of memory") {
#if defined(__SANITIZE_ADDRESS__)
    photobridge::testing::skip("AddressSanitizer children run without RLIMIT_AS (the sanitizer reserves terabytes)");
    return;
#endif
    auto instance = isolated("leaking", json::object{{"crash_on_call", 1}},
                             quick_settings(std::chrono::milliseconds(20000), 256));
    const auto e = failure_of([&] { instance->invoke("write", write_input("1")); });
    CHECK(e.code() == PB_ERR_UNAVAILABLE);
    CHECK(mentions(e, "ran out of memory"));
    CHECK(instance->invoke("echo", json::object{{"after", true}}).json.at("echo").at("after").as_bool());
}

TEST_CASE("isolated failure: other instances and the host carry on while one child crashes in a loop") {
    auto crashing = isolated("crashing", json::object{{"crash_on_call", 1}});
    auto healthy = isolated("crashing", {});
    auto plugin = registry().find("crashing");
    REQUIRE(plugin);
    photobridge::host::PluginInstance in_process(plugin, {});
    for (int i = 0; i < 3; ++i) {
        const auto e = failure_of([&] { crashing->invoke("write", write_input("x")); });
        CHECK(e.code() == PB_ERR_UNAVAILABLE);
        CHECK(healthy->invoke("write", write_input(std::to_string(i))).json.at("result_id").as_string() ==
              std::to_string(i));
        CHECK(in_process.invoke("echo", json::object{{"i", i}}).json.at("echo").at("i").as_int64() == i);
    }
}

TEST_CASE("isolated failure: a missing plugin-host program is UNAVAILABLE at create with its name") {
    auto settings = quick_settings();
    settings.program = "/nonexistent/photobridge-plugin-host";
    const auto e = failure_of([&] { isolated("crashing", {}, settings); });
    CHECK(e.code() == PB_ERR_UNAVAILABLE);
    CHECK(mentions(e, "/nonexistent/photobridge-plugin-host is not found"));
}
