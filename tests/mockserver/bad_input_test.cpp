// Bad input: parameters outside the documented limits, unknown routes,
// oversized bodies and malformed requests. The mock answers JSON and survives.
#include "mock_test_support.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>

namespace json = boost::json;
using namespace mocktest;

namespace {
void expect_invalid(httplib::Client& c, const std::string& provider, const std::string& path, const std::string& param) {
    INFO(path);
    auto r = c.Get(path.c_str(), headers_for(provider));
    REQUIRE(r);
    CHECK(r->status == 400);
    const auto body = json::parse(r->body);
    CHECK(body.at("error") == "invalid_parameter");
    CHECK(body.at("parameter") == param.c_str());
}

// Sends `bytes` on a fresh connection and returns everything read until the
// server closes it (or 3 s pass). `half_close`: shut our side after sending; otherwise
// stop once the whole response (headers and Content-Length bytes of body) has
// arrived: the server may write the headers and the body separately.
// True when `reply` holds a header block and as many body bytes as its
// Content-Length says (0 when it has none).
bool response_complete(const std::string& reply) {
    const auto end = reply.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    std::string head = reply.substr(0, end);
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t length = 0;
    if (const auto at = head.find("\r\ncontent-length:"); at != std::string::npos)
        length = std::strtoull(head.c_str() + at + 17, nullptr, 10);
    return reply.size() >= end + 4 + length;
}

std::string raw_exchange(int port, const std::string& bytes, bool half_close = true) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval tv{3, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    (void)!::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (half_close) ::shutdown(fd, SHUT_WR);  // no more requests: the server closes after answering
    std::string reply;
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) {
        reply.append(buf, static_cast<std::size_t>(n));
        if (!half_close && response_complete(reply)) break;
    }
    ::close(fd);
    return reply;
}
}  // namespace

TEST_CASE("parameters outside the documented limits and enums get 400 naming the parameter") {
    RunningMock mock;
    auto c = mock.client();
    expect_invalid(c, "headshotpro", "/headshotpro/organization/models/m/photos?limit=201", "limit");
    expect_invalid(c, "headshotpro", "/headshotpro/organization/models/m/photos?limit=abc", "limit");
    expect_invalid(c, "headshotpro", "/headshotpro/organization/models/m/photos?offset=-1", "offset");
    expect_invalid(c, "headshotpro", "/headshotpro/organization/models/m/photos?status=archived", "status");
    expect_invalid(c, "headshotpro", "/headshotpro/organization/photos/favorites?limit=0", "limit");
    expect_invalid(c, "cloudcard", "/cloudcard/photo?max=1001", "max");
    expect_invalid(c, "cloudcard", "/cloudcard/photo?offset=-5", "offset");
    expect_invalid(c, "cloudcard", "/cloudcard/photo?status=LOST", "status");
    expect_invalid(c, "snapbar", "/snapbar/contacts?limit=101", "limit");
    expect_invalid(c, "snapbar", "/snapbar/contacts?cursor=%00%01", "cursor");
    expect_invalid(c, "shootbin", "/shootbin/api/projects/1/albums/12/photos?per_page=101", "per_page");
    expect_invalid(c, "shootbin", "/shootbin/api/projects/1/albums/12/photos?cursor=not-a-cursor!", "cursor");
    expect_invalid(c, "shootbin", "/shootbin/api/projects/1/albums/12/photos?cursor=bm9wZQ", "cursor");  // "nope"
    // Values at the limits are fine, and so is the documented cursor.
    for (const char* ok : {"/headshotpro/organization/models/m/photos?limit=200&offset=0&status=deleted",
                           "/headshotpro/organization/models/m/photos?likedStatus=loved&include=all"}) {
        CHECK(c.Get(ok, headers_for("headshotpro"))->status == 200);
    }
    CHECK(c.Get("/cloudcard/photo?max=1000&offset=0&status=DONE", headers_for("cloudcard"))->status == 200);
    CHECK(c.Get("/shootbin/api/projects/1/albums/12/photos?per_page=100&cursor=eyJpZCI6MTIzfQ",
                headers_for("shootbin"))->status == 200);
    CHECK(c.Get("/snapbar/contacts?limit=100&cursor=64f1a2b3c4d5e6f7g8h9i0j2", headers_for("snapbar"))->status == 200);
}

TEST_CASE("unknown routes get 404 JSON naming the closest documented routes") {
    RunningMock mock;
    auto c = mock.client();
    auto r = c.Get("/headshotpro/organization/photo/favorites", headers_for("headshotpro"));
    REQUIRE(r);
    CHECK(r->status == 404);
    auto body = json::parse(r->body);
    CHECK(body.at("error") == "unknown_route");
    CHECK(body.at("closest_routes").at(0) == "GET /headshotpro/organization/photos/favorites");

    r = c.Get("/snapbarr/contacts");
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(json::parse(r->body).at("closest_routes").at(0) == "GET /snapbar/contacts");

    r = c.Get("/");
    REQUIRE(r);
    CHECK(r->status == 404);

    r = c.Delete("/snapbar/contacts", headers_for("snapbar"));
    REQUIRE(r);
    CHECK(r->status == 405);
    CHECK(r->get_header_value("Allow").find("GET") != std::string::npos);
}

TEST_CASE("oversized bodies are refused without being read, malformed requests do not crash the mock") {
    photobridge::mock::ServerOptions o;
    o.max_body_bytes = 1024;
    RunningMock mock(o);
    // Announce 1 GB and send nothing: the answer comes at once.
    const std::string reply = raw_exchange(
        mock.port, "POST /shootbin/api/projects/1/albums/12/photos HTTP/1.1\r\nHost: x\r\n"
                   "Authorization: Bearer mock-token\r\nContent-Type: application/octet-stream\r\n"
                   "Content-Length: 1000000000\r\n\r\n",
        false);
    CHECK(reply.rfind("HTTP/1.1 413", 0) == 0);
    CHECK(reply.find("payload_too_large") != std::string::npos);

    for (const std::string& garbage : {std::string("\x01\x02\x03\r\n\r\n"), std::string("GET\r\n\r\n"),
                                      std::string("GET /snapbar/contacts HTTP/1.1\r\nHost: x\r\nContent-Length: -3\r\n\r\n"),
                                      std::string("GET /%zz%/../ HTTP/1.1\r\nHost: x\r\n\r\n"),
                                      std::string(20000, 'A') + "\r\n\r\n"}) {
        raw_exchange(mock.port, garbage);
    }
    auto c = mock.client();
    auto big = c.Post("/snapbar/contacts", headers_for("snapbar"), std::string(4096, 'x'), "application/json");
    REQUIRE(big);
    CHECK(big->status == 413);
    auto bad_json = c.Post("/snapbar/contacts", headers_for("snapbar"), "{not json", "application/json");
    REQUIRE(bad_json);
    CHECK(bad_json->status == 400);  // the body is checked against the documented request shape
    CHECK(std::string(json::parse(bad_json->body).at("error").as_string()).rfind("the body is not valid JSON", 0) == 0);
    auto alive = c.Get("/snapbar/contacts", headers_for("snapbar"));
    REQUIRE(alive);
    CHECK(alive->status == 200);
}
