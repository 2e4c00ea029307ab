// Concurrent invoke on one instance from 8 threads (run under the asan
// preset too, where races and leaks show up).
#include <doctest/doctest.h>

#include "support/harness.hpp"

#include <atomic>
#include <thread>
#include <vector>

TEST_CASE("8 threads invoke one instance concurrently and each gets its own answer") {
    photobridge::testing::PluginUnderTest hello("hello", {});
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 500; ++i) {
                const std::string name = "t" + std::to_string(t) + "-" + std::to_string(i);
                const std::string bytes(static_cast<std::size_t>(i % 64), static_cast<char>('a' + t));
                auto r = hello.call("echo", boost::json::object{{"name", name}}, bytes);
                if (r.json.at("name").as_string() != name || r.bytes != bytes) ++wrong;
                auto g = hello.call("greet", boost::json::object{{"name", name}});
                if (g.json.at("greeting").as_string() != "Hello, " + name + "!") ++wrong;
            }
        });
    }
    for (auto& th : threads) th.join();
    CHECK(wrong.load() == 0);
}
