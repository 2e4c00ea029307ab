// How the SDK receives a response body: StringSink's limit and reserve,
// Host::send sizing the body once from a Content-Length delivered before it
// (plugin.h, pb_http_response), and download_media passing a photo through
// into the operation's output.
#include <doctest/doctest.h>

#include "fake_host.hpp"

#include <photobridge/sdk/host.hpp>
#include <photobridge/sdk/media_download.hpp>
#include <photobridge/sdk/sinks.hpp>

#include <algorithm>

#include <string>

using namespace photobridge;

TEST_CASE("a reserved StringSink takes the announced bytes without moving them, and never past its limit") {
    sdk::StringSink sink(10000);
    sink.reserve(6000);
    const char* start = sink.str().data();
    const std::string piece(1000, 'x');
    for (int i = 0; i < 6; ++i) REQUIRE(sink.get()->write(sink.get(), piece.data(), piece.size()) == 0);
    CHECK(sink.str().size() == 6000);
    CHECK(sink.str().data() == start);  // no regrowth copy

    sdk::StringSink small(100);
    small.reserve(1u << 30);  // over the limit: only the limit is reserved
    CHECK(small.str().capacity() < 1000);
    CHECK(small.get()->write(small.get(), piece.data(), 101) != 0);
    CHECK(small.overflowed());

    sdk::StringSink unbounded;
    unbounded.reserve(std::size_t{1} << 40);  // a hostile Content-Length: capped, no throw
    CHECK(unbounded.str().capacity() <= sdk::StringSink::kMaxReserve);
}

namespace {

// A host whose HTTP service answers 200 with a 50,000-byte body in 1,000-byte
// pieces, after its status and headers, as the photobridge host does.
std::int32_t answer_in_pieces(const pb_host*, const pb_http_request*, pb_http_response* response, pb_error*) {
    response->status = 200;
    const std::string length = "50000";
    response->headers->add(response->headers, "content-length", 14, length.data(), length.size());
    const std::string piece(1000, 'p');
    for (int i = 0; i < 50; ++i)
        if (response->body->write(response->body, piece.data(), piece.size()) != 0) return PB_ERR_TOO_LARGE;
    return PB_OK;
}

}  // namespace

TEST_CASE("Host::send sizes the body once from the Content-Length that arrives before it") {
    const pb_host raw = sdk_test::fake_host(&answer_in_pieces);
    const sdk::Host host(&raw);
    sdk::HttpRequest request;
    request.method = "GET";
    request.url = "http://127.0.0.1:9/photo.jpg";
    const sdk::HttpResponse response = host.send(request);
    CHECK(response.status == 200);
    CHECK(response.body == std::string(50000, 'p'));
    // One allocation of the announced size (libstdc++ reserves exactly);
    // growing by appends would have ended at a doubling of 1,000 (64,000).
    CHECK(response.body.capacity() == 50000);
}

namespace {

// A photo server behind a fake host: `order` says whether the status and
// headers come before the body (ABI 1.3) or after it (older hosts).
enum class Order { head_first, body_first };
struct PhotoHost {
    static inline Order order = Order::head_first;
    static inline int status = 200;
    static std::string photo() { return std::string("\xFF\xD8\xFF\xE0", 4) + std::string(49996, 'q'); }

    static std::int32_t serve(const pb_host*, const pb_http_request*, pb_http_response* response, pb_error*) {
        const std::string body = status == 200 ? photo() : std::string(R"({"message":"gone"})");
        const auto head = [&] {
            response->status = status;
            const std::string length = std::to_string(body.size());
            response->headers->add(response->headers, "Content-Length", 14, length.data(), length.size());
            response->headers->add(response->headers, "Content-Type", 12, "application/octet-stream", 24);
        };
        if (order == Order::head_first) head();
        for (std::size_t at = 0; at < body.size(); at += 1000) {
            const std::size_t n = std::min<std::size_t>(1000, body.size() - at);
            if (response->body->write(response->body, body.data() + at, n) != 0) return PB_ERR_TOO_LARGE;
        }
        if (order == Order::body_first) head();
        return PB_OK;
    }
};

struct Downloaded {
    sdk::Result result;
    std::string output;
    std::size_t output_capacity = 0;
};

Downloaded download_through(Order order, int status) {
    PhotoHost::order = order;
    PhotoHost::status = status;
    const pb_host raw = sdk_test::fake_host(&PhotoHost::serve);
    const sdk::Host host(&raw);
    const sdk::ApiClient client = sdk_test::fake_client(host);
    sdk::StringSink output;
    const boost::json::object input{{"url", "http://127.0.0.1:9/photo/1"}};
    Downloaded d;
    d.result = sdk::download_media(client, sdk::Call{input, {}, host, nullptr, output.get()});
    d.output = output.str();
    d.output_capacity = output.str().capacity();
    return d;
}

}  // namespace

TEST_CASE("download_media passes a photo straight into the operation's output, sized once") {
    const Downloaded d = download_through(Order::head_first, 200);
    CHECK(d.output == PhotoHost::photo());
    CHECK(d.output_capacity == 50000);  // the Content-Length reached the output's reserve
    CHECK(d.result.bytes.empty());      // nothing left for the SDK to copy
    CHECK(d.result.json.at("size").as_int64() == 50000);
    CHECK(d.result.json.at("content_type").as_string() == "image/jpeg");  // sniffed from the first bytes
}

TEST_CASE("download_media keeps the photo in its result when the host delivers the status after the body") {
    const Downloaded d = download_through(Order::body_first, 200);
    CHECK(d.output.empty());
    CHECK(d.result.bytes == PhotoHost::photo());
    CHECK(d.result.json.at("size").as_int64() == 50000);
    CHECK(d.result.json.at("content_type").as_string() == "image/jpeg");
}

TEST_CASE("download_media writes nothing to the output for an error response") {
    try {
        download_through(Order::head_first, 404);
        FAIL("expected an error");
    } catch (const sdk::Error& e) {
        CHECK(e.status() == PB_ERR_NOT_FOUND);
    }
}
