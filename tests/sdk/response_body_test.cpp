// How the SDK receives a response body: StringSink's limit and reserve, and
// Host::send sizing the body once from a Content-Length delivered before it
// (plugin.h, pb_http_response).
#include <doctest/doctest.h>

#include <photobridge/sdk/host.hpp>
#include <photobridge/sdk/sinks.hpp>

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
    pb_host raw{};
    raw.struct_size = sizeof raw;
    raw.abi_major = PB_ABI_MAJOR;
    raw.abi_minor = PB_ABI_MINOR;
    raw.http = &answer_in_pieces;
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
