// An isolated plugin does what an in-process one does: invoke with JSON and
// bytes both ways, the host services (HTTP, log, cancellation) run in the
// parent, the extensions are proxied, a refused config is the plugin's own
// error, and secrets stay masked.
#include <doctest/doctest.h>

#include "isolation/isolation_support.hpp"
#include "support/canned_server.hpp"

#include <photobridge/testing.hpp>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include <unistd.h>

using namespace isolation_test;
namespace json = boost::json;

TEST_CASE("isolated: invoke carries request JSON and input bytes in and JSON and output bytes out") {
    auto instance = isolated("crashing", {});
    const std::string bytes("\x00\x01photo\xff", 8);
    const auto result = instance->invoke("echo", json::object{{"a", 1}, {"name", "x"}}, bytes);
    CHECK(result.json.at("echo").at("a").as_int64() == 1);
    CHECK(result.json.at("echo").at("name").as_string() == "x");
    CHECK(result.bytes == bytes);
    // It ran in another process.
    CHECK(result.json.at("pid").as_int64() != static_cast<std::int64_t>(::getpid()));
}

TEST_CASE("isolated: concurrent calls on one instance each get their own answer") {
    auto instance = isolated("crashing", {});
    std::atomic<int> right{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i) {
                const std::string mark = std::to_string(t) + "-" + std::to_string(i);
                try {
                    const auto r = instance->invoke("echo", json::object{{"mark", mark}}, mark);
                    if (r.json.at("echo").at("mark").as_string() == mark && r.bytes == mark) ++right;
                } catch (const std::exception&) {
                    // counted as wrong
                }
            }
        });
    for (auto& t : threads) t.join();
    CHECK(right == 200);
}

TEST_CASE("isolated: HTTP is sent by the parent with its journal and redaction") {
    canned::Server server;
    server.on("/item", canned::Answer(200, "hello from the server", "text/plain"));
    std::mutex mutex;
    std::vector<photobridge::host::HttpExchange> exchanges;
    photobridge::host::InstanceOptions options;
    options.on_http_exchange = [&](const photobridge::host::HttpExchange& e) {
        std::lock_guard lock(mutex);
        exchanges.push_back(e);
    };
    auto instance = isolated("crashing", json::object{{"base_url", server.url()}, {"token", "s3cret-token-42"}},
                             quick_settings(), std::move(options));
    const auto result = instance->invoke("fetch", json::object{{"path", "/item?key=s3cret-token-42"},
                                                               {"token", "s3cret-token-42"}});
    CHECK(result.json.at("status").as_int64() == 200);
    CHECK(result.json.at("body").as_string() == "hello from the server");
    REQUIRE(server.seen().size() == 1);
    CHECK(server.seen()[0].headers.find("Authorization")->second == "Bearer s3cret-token-42");
    // The parent's exchange listener saw it (the journal stays in the parent),
    // with the secret masked in the URL and the credential header.
    std::lock_guard lock(mutex);
    REQUIRE(exchanges.size() == 1);
    CHECK(exchanges[0].http_status == 200);
    CHECK(exchanges[0].url.find("s3cret-token-42") == std::string::npos);
    for (const auto& [name, value] : exchanges[0].headers) CHECK(value.find("s3cret-token-42") == std::string::npos);
    CHECK(instance->http_requests() == 1);
}

TEST_CASE("isolated: the parent's cancellation reaches the plugin") {
    auto cancel = std::make_shared<photobridge::host::CancellationToken>();
    photobridge::host::InstanceOptions options;
    options.cancel = cancel;
    auto instance = isolated("crashing", {}, quick_settings(), std::move(options));
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        cancel->cancel();
    });
    const auto started = std::chrono::steady_clock::now();
    const auto e = failure_of([&] { instance->invoke("until_cancelled", json::object{}); });
    stopper.join();
    CHECK(e.code() == PB_ERR_CANCELLED);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
}

TEST_CASE("isolated: log lines from the plugin reach the parent and the call goes on") {
    auto instance = isolated("crashing", {});
    const auto r = instance->invoke("log", json::object{{"message", "a line from the child"}});
    CHECK(r.json.at("logged").as_bool());
}

TEST_CASE("isolated: the extensions are proxied (webhook verifier, media download, sink lookup)") {
    auto instance = isolated("extensions", {});
    const auto verdict = instance->verify_webhook("genuine", "body!", 30);
    CHECK(verdict.json.at("via").as_string() == "extension");
    CHECK(verdict.json.at("valid").as_bool());
    CHECK(verdict.json.at("leeway").as_int64() == 30);
    CHECK(verdict.json.at("body_size").as_int64() == 5);
    const auto refused = failure_of([&] { instance->verify_webhook("not-a-token", "", 0); });
    CHECK(refused.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(std::string(refused.what()).find("token is not readable") != std::string::npos);

    const auto media = instance->download_media("http://127.0.0.1:1/p.jpg", "main");
    CHECK(media.json.at("via").as_string() == "extension");
    CHECK(media.bytes == "http://127.0.0.1:1/p.jpg|main");

    CHECK(instance->can_find_write("store", json::object{{"name", "here"}}));
    CHECK_FALSE(instance->can_find_write("store", json::object{}));
    const auto found = instance->find_write("store", json::object{{"name", "here"}}, std::nullopt);
    CHECK(found.found);
    CHECK(found.id == "x-1");
    const auto first = instance->find_write("store", json::object{{"name", "later"}}, std::nullopt);
    CHECK_FALSE(first.found);
    REQUIRE(first.next_cursor);
    CHECK(*first.next_cursor == "p2");
    CHECK(instance->find_write("store", json::object{{"name", "later"}}, first.next_cursor).found);
    CHECK_FALSE(instance->find_write("store", json::object{{"name", "gone"}}, std::nullopt).found);
}

TEST_CASE("isolated: a config the plugin refuses is its own error from create") {
    const auto e = failure_of([] { isolated("throwing", json::object{{"throw_on_create", "runtime_error"}}); });
    CHECK(e.code() == PB_ERR_INTERNAL);
    CHECK(std::string(e.what()).find("fixture runtime_error") != std::string::npos);
}

TEST_CASE("isolated: a secret in a plugin's error message is masked by the parent") {
    auto instance = isolated("throwing", json::object{{"token", "tok-very-secret-9"}});
    const auto e = failure_of([&] { instance->invoke("throw", json::object{{"kind", "secret_in_message"}}); });
    CHECK(e.code() == PB_ERR_UNAUTHORIZED);
    CHECK(std::string(e.what()).find("tok-very-secret-9") == std::string::npos);
}

TEST_CASE("isolated: a plugin made by a factory (a provider file) runs in the child too") {
    auto plugin = registry().find("shootbin_declarative");
    REQUIRE(plugin);
    REQUIRE(plugin->made_by != nullptr);
    canned::Server server;
    auto instance = isolated("shootbin_declarative", json::object{{"base_url", server.url()}, {"token", "t"}});
    // Unknown operation: answered by the plugin in the child, not by the loader.
    const auto e = failure_of([&] { instance->invoke("no_such_operation", json::object{}); });
    CHECK(e.code() == PB_ERR_UNSUPPORTED);
}

TEST_CASE("isolated: a 2 MB photo uploaded in pieces through the child comes back from the mock byte for byte") {
    photobridge::testing::MockOptions options;
    options.dataset = 5;
    photobridge::testing::MockServer mock(options);
    auto instance = isolated(
        "shootbin", json::object{{"base_url", mock.provider_url("shootbin")}, {"token", "mock-token"}});
    // A JPEG's first bytes (the plugin sniffs the type), then 2 MB that hold
    // no multipart boundary.
    std::string photo = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(2 * 1024 * 1024, '\0');
    for (std::size_t i = 4; i < photo.size(); ++i) photo[i] = static_cast<char>((i * 131 + i / 7) & 0x7F);
    const auto uploaded = instance->invoke(
        "upload_photo", json::object{{"project", 1}, {"album", 12}, {"title", "pieces"}}, photo);
    const auto& media = uploaded.json.at("media").as_array();
    REQUIRE(media.size() == 1);
    const auto downloaded = instance->download_media(media[0].at("url").as_string(), "main");
    CHECK(downloaded.bytes.size() == photo.size());
    CHECK(downloaded.bytes == photo);
}
