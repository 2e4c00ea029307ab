// The host's HTTP service against a loopback cpp-httplib server on port 0:
// keep-alive reuse, timeouts, size limit, cancellation, transport errors.
#include <doctest/doctest.h>

#include "host/http_service.hpp"
#include "support/harness.hpp"

#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/sinks.hpp>

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

using namespace photobridge;

namespace {

// FNV-1a over `bytes`: the digest /echo reports of the body it received.
std::uint64_t digest_of(std::string_view bytes) {
    std::uint64_t digest = 1469598103934665603ull;
    for (const unsigned char c : bytes) digest = (digest ^ c) * 1099511628211ull;
    return digest;
}

// What /echo answers for `body` sent with `method` and `content_type`.
std::string echo_of(const std::string& method, const std::string& content_type, std::string_view body) {
    return method + " " + content_type + " " + std::to_string(body.size()) + " " + std::to_string(body.size()) + " " +
           std::to_string(digest_of(body));
}

pb_bytes bytes_of(std::string_view text) { return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}; }

// A loopback server with a few routes, on a port of its own.
struct LoopbackServer {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::mutex mutex;
    std::set<int> remote_ports;

    LoopbackServer() {
        server.set_tcp_nodelay(true);
        server.Get("/hello", [this](const httplib::Request& req, httplib::Response& res) {
            {
                std::lock_guard lock(mutex);
                remote_ports.insert(req.remote_port);
            }
            res.set_header("X-Echo-Auth", req.get_header_value("Authorization").empty() ? "none" : "present");
            res.set_content("{\"hello\":\"world\"}", "application/json");
        });
        server.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
            std::this_thread::sleep_for(std::chrono::milliseconds(600));
            res.set_content("late", "text/plain");
        });
        server.Get("/big", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(std::string(200000, 'b'), "application/octet-stream");
        });
        // Answers what it received: the method, the Content-Type and
        // Content-Length headers, and the body's size and a digest.
        const auto echo = [](const httplib::Request& req, httplib::Response& res) {
            res.set_content(req.method + " " + req.get_header_value("Content-Type") + " " +
                                req.get_header_value("Content-Length") + " " + std::to_string(req.body.size()) + " " +
                                std::to_string(digest_of(req.body)),
                            "text/plain");
        };
        server.Post("/echo", echo);
        server.Put("/echo", echo);
        server.Patch("/echo", echo);
        server.Get("/status/404", [](const httplib::Request&, httplib::Response& res) {
            res.status = 404;
            res.set_content("{\"message\":\"nope\"}", "application/json");
        });
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~LoopbackServer() {
        server.stop();
        thread.join();
    }
    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port) + path; }
};

struct Exchange {
    std::int32_t rc = 0;
    int status = 0;
    std::string body;
    pb_error error = sdk::make_error_struct();
};

// One request through the service; the response body collected.
Exchange perform(const host::HttpService& http, const pb_http_request& req, const host::CancellationToken* cancel) {
    Exchange ex;
    sdk::StringSink body;
    pb_http_response res{};
    res.struct_size = sizeof res;
    res.body = body.get();
    ex.rc = http.perform(req, res, &ex.error, cancel);
    ex.status = res.status;
    ex.body = body.str();
    return ex;
}

Exchange get(const host::HttpService& http, const std::string& url, std::uint32_t timeout_ms = 0,
             const host::CancellationToken* cancel = nullptr) {
    pb_http_request req{};
    req.struct_size = sizeof req;
    req.method = "GET";
    req.url = url.c_str();
    req.timeout_ms = timeout_ms;
    return perform(http, req, cancel);
}

Exchange send(const host::HttpService& http, const char* method, const std::string& url, const std::string& body,
              const char* content_type) {
    pb_header header{"Content-Type", content_type};
    pb_http_request req{};
    req.struct_size = sizeof req;
    req.method = method;
    req.url = url.c_str();
    req.headers = content_type != nullptr ? &header : nullptr;
    req.header_count = content_type != nullptr ? 1 : 0;
    req.body = bytes_of(body);
    return perform(http, req, nullptr);
}

}  // namespace

TEST_CASE("request bodies arrive whole, with their length and type, for every method and on a reused connection") {
    LoopbackServer server;
    host::HttpService http;
    std::string photo(3 * 1024 * 1024 + 17, '\0');
    for (std::size_t i = 0; i < photo.size(); ++i) photo[i] = static_cast<char>((i * 131 + i / 7) & 0xFF);
    for (const char* method : {"POST", "PUT", "PATCH"}) {
        CAPTURE(method);
        for (int i = 0; i < 2; ++i) {
            const auto ex = send(http, method, server.url("/echo"), photo, "image/jpeg");
            REQUIRE(ex.rc == PB_OK);
            CHECK(ex.body == echo_of(method, "image/jpeg", photo));
        }
    }
    const auto small = send(http, "POST", server.url("/echo"), "{\"a\":1}", nullptr);
    REQUIRE(small.rc == PB_OK);
    CHECK(small.body.rfind("POST application/octet-stream 7 7 ", 0) == 0);
}

TEST_CASE("responses of any status are delivered, keep-alive reuses one connection per thread") {
    LoopbackServer server;
    host::HttpService http;
    for (int i = 0; i < 5; ++i) {
        const auto ok = get(http, server.url("/hello"));
        REQUIRE(ok.rc == PB_OK);
        CHECK(ok.status == 200);
        CHECK(ok.body == "{\"hello\":\"world\"}");
    }
    CHECK(server.remote_ports.size() == 1);
    const auto missing = get(http, server.url("/status/404"));
    CHECK(missing.rc == PB_OK);
    CHECK(missing.status == 404);
}

TEST_CASE("a slow server gives PB_ERR_TIMEOUT within the request's budget") {
    LoopbackServer server;
    host::HttpService http;
    const auto started = std::chrono::steady_clock::now();
    const auto ex = get(http, server.url("/slow"), 150);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    CHECK(ex.rc == PB_ERR_TIMEOUT);
    CHECK(elapsed < std::chrono::milliseconds(550));
}

TEST_CASE("a response over the size limit is refused with PB_ERR_TOO_LARGE") {
    LoopbackServer server;
    host::HttpService http(host::HttpServiceOptions{.max_response_bytes = 100000});
    const auto ex = get(http, server.url("/big"));
    CHECK(ex.rc == PB_ERR_TOO_LARGE);
    CHECK(std::string(ex.error.message).find("100000") != std::string::npos);
    // Its Content-Length announced 200,000 bytes: refused before any was read.
    CHECK(ex.body.empty());
    CHECK(get(http, server.url("/hello")).rc == PB_OK);  // still usable
}

TEST_CASE("a body in pieces (ABI 1.3) arrives whole, and a 1.0 plugin's shorter request struct still works") {
    LoopbackServer server;
    host::HttpService http;
    std::string photo(2 * 1024 * 1024 + 5, '\0');
    for (std::size_t i = 0; i < photo.size(); ++i) photo[i] = static_cast<char>((i * 131 + i / 7) & 0xFF);
    const std::string head = "--b\r\n", tail = "\r\n--b--\r\n";
    const std::string whole = head + photo + tail;
    const std::string url = server.url("/echo");
    const pb_bytes pieces[] = {bytes_of(photo), {nullptr, 0} /* empty ranges are skipped */, bytes_of(tail)};
    pb_http_request req{};
    req.struct_size = sizeof req;
    req.method = "POST";
    req.url = url.c_str();
    req.body = bytes_of(head);
    req.body_pieces = pieces;
    req.body_piece_count = 3;
    const auto ex = perform(http, req, nullptr);
    REQUIRE(ex.rc == PB_OK);
    CHECK(ex.body == echo_of("POST", "application/octet-stream", whole));
    // A small body in pieces is joined into one write: the same bytes arrive.
    const std::string small_photo = photo.substr(0, 1000), small_whole = head + small_photo + tail;
    const pb_bytes small_pieces[] = {bytes_of(small_photo), bytes_of(tail)};
    req.body_pieces = small_pieces;
    req.body_piece_count = 2;
    const auto small = perform(http, req, nullptr);
    REQUIRE(small.rc == PB_OK);
    CHECK(small.body == echo_of("POST", "application/octet-stream", small_whole));
    // A plugin built for 1.0..1.2 passes the 64-byte struct: the pieces are
    // not read (here they would be garbage), `body` alone is sent.
    req.struct_size = offsetof(pb_http_request, body_pieces);
    req.body_pieces = reinterpret_cast<const pb_bytes*>(0x1);
    const auto old = perform(http, req, nullptr);
    REQUIRE(old.rc == PB_OK);
    CHECK(old.body.rfind("POST application/octet-stream " + std::to_string(head.size()) + " ", 0) == 0);
}

TEST_CASE("the status and every header reach the plugin before the first byte of the body") {
    LoopbackServer server;
    host::HttpService http;
    struct Seen {
        pb_http_response* response = nullptr;
        std::vector<std::string> headers;
        int status_at_first_byte = 0;
        std::size_t headers_at_first_byte = 0;
        std::size_t bytes = 0;
    } seen;
    pb_header_sink headers{};
    headers.struct_size = sizeof headers;
    headers.ctx = &seen;
    headers.add = [](pb_header_sink* sink, const char* name, std::size_t name_len, const char*, std::size_t) {
        static_cast<Seen*>(sink->ctx)->headers.emplace_back(name, name_len);
    };
    pb_sink body{};
    body.struct_size = sizeof body;
    body.ctx = &seen;
    body.write = [](pb_sink* sink, const void*, std::size_t size) {
        auto* s = static_cast<Seen*>(sink->ctx);
        if (s->bytes == 0) {
            s->status_at_first_byte = s->response->status;
            s->headers_at_first_byte = s->headers.size();
        }
        s->bytes += size;
        return 0;
    };
    pb_http_response response{};
    response.struct_size = sizeof response;
    response.headers = &headers;
    response.body = &body;
    seen.response = &response;
    const std::string url = server.url("/big");
    pb_http_request req{};
    req.struct_size = sizeof req;
    req.method = "GET";
    req.url = url.c_str();
    pb_error error = sdk::make_error_struct();
    REQUIRE(http.perform(req, response, &error, nullptr) == PB_OK);
    CHECK(seen.bytes == 200000);
    CHECK(seen.status_at_first_byte == 200);
    CHECK(seen.headers_at_first_byte == seen.headers.size());
    CHECK(std::find(seen.headers.begin(), seen.headers.end(), "Content-Length") != seen.headers.end());
}

TEST_CASE("cancellation stops a request before it is sent") {
    LoopbackServer server;
    host::HttpService http;
    host::CancellationToken cancel;
    cancel.cancel();
    CHECK(get(http, server.url("/hello"), 0, &cancel).rc == PB_ERR_CANCELLED);
}

TEST_CASE("a refused connection is PB_ERR_NETWORK and a bad URL PB_ERR_INVALID_ARGUMENT") {
    host::HttpService http;
    int closed_port = 0;
    {
        LoopbackServer server;
        closed_port = server.port;
    }
    CHECK(get(http, "http://127.0.0.1:" + std::to_string(closed_port) + "/x", 1000).rc == PB_ERR_NETWORK);
    CHECK(get(http, "not a url").rc == PB_ERR_INVALID_ARGUMENT);
    CHECK(get(http, "ftp://127.0.0.1/x").rc == PB_ERR_INVALID_ARGUMENT);
}

TEST_CASE("TLS verification is on: https to a server without a valid certificate fails") {
    LoopbackServer server;  // speaks plain HTTP: a TLS handshake cannot succeed
    host::HttpService http;
    const auto ex = get(http, "https://127.0.0.1:" + std::to_string(server.port) + "/hello", 2000);
    CHECK(ex.rc == PB_ERR_NETWORK);
}

TEST_CASE("a plugin's HTTP goes through the host: credentials sent, 4xx typed, secrets never in errors") {
    LoopbackServer server;
    photobridge::testing::PluginUnderTest hello(
        "hello", boost::json::object{{"base_url", server.url("")}, {"token", "secret-token-value"}});
    const auto ok = hello.call("fetch", boost::json::object{{"path", "/hello"}});
    CHECK(ok.json.at("status") == 200);
    try {
        hello.call("fetch", boost::json::object{{"path", "/status/404"}});
        FAIL("expected NOT_FOUND");
    } catch (const photobridge::testing::CallError& e) {
        CHECK(e.code() == PB_ERR_NOT_FOUND);
        CHECK(e.http_status() == 404);
        CHECK(std::string(e.what()).find("nope") != std::string::npos);
        CHECK(std::string(e.what()).find("secret-token-value") == std::string::npos);
    }
    CHECK(hello.http_requests() == 2);
}
