// A request body in pieces (ABI 1.3): Multipart::file_view borrows a photo,
// finish_pieces() hands it on uncopied, and Host::send passes the pieces to
// a 1.3 host and joins them for an older one.
#include <doctest/doctest.h>

#include "fake_host.hpp"

#include <photobridge/sdk/api_client.hpp>
#include <photobridge/sdk/host.hpp>
#include <photobridge/sdk/multipart.hpp>

#include <string>
#include <vector>

using namespace photobridge;

TEST_CASE("a borrowed multipart file goes out as its own piece, the same bytes finish() joins") {
    const std::string photo = "\xFF\xD8\xFF" + std::string(5000, 'j');
    sdk::Multipart form;
    form.file_view("photo", "photo.jpg", "image/jpeg", photo).field("title", "Frame 001");
    sdk::Multipart copy = form;  // the same boundary, text and borrowed view
    const std::vector<std::string_view> pieces = form.finish_pieces();
    REQUIRE(pieces.size() == 3);
    CHECK(pieces[1].data() == photo.data());  // the caller's buffer itself, not a copy
    CHECK(pieces[1].size() == photo.size());
    std::string joined;
    for (const std::string_view piece : pieces) joined.append(piece);
    CHECK(joined == copy.finish());
    const std::string type = form.content_type();
    const std::string boundary = type.substr(type.find("boundary=") + 9);
    CHECK(joined.find("name=\"photo\"; filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n" + photo + "\r\n--" +
                      boundary + "\r\nContent-Disposition: form-data; name=\"title\"") != std::string::npos);
    CHECK(joined.substr(joined.size() - boundary.size() - 6) == "--" + boundary + "--\r\n");
}

namespace {

// What a fake host's HTTP service received.
struct Received {
    std::string body;
    std::size_t piece_count = 0;
};
Received received;

std::int32_t record_request(const pb_host*, const pb_http_request* request, pb_http_response* response, pb_error*) {
    received = Received{};
    received.body.assign(reinterpret_cast<const char*>(request->body.data), request->body.size);
    if (request->struct_size >= sizeof(pb_http_request)) {
        received.piece_count = request->body_piece_count;
        for (std::size_t i = 0; i < request->body_piece_count; ++i)
            received.body.append(reinterpret_cast<const char*>(request->body_pieces[i].data), request->body_pieces[i].size);
    }
    response->status = 204;
    return PB_OK;
}

sdk::HttpRequest request_in_pieces(const std::string& head, const std::string& photo, const std::string& tail) {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = "http://127.0.0.1:9/upload";
    request.body = head;
    request.body_pieces = {photo, tail};
    return request;
}

}  // namespace

TEST_CASE("Host::send passes body pieces to a 1.3 host and joins them for an older one") {
    const std::string photo(3000, 'p');
    for (const std::uint16_t minor : {std::uint16_t{2}, std::uint16_t{3}}) {
        CAPTURE(minor);
        const pb_host raw = sdk_test::fake_host(&record_request, minor);
        const sdk::Host host(&raw);
        CHECK(host.send(request_in_pieces("head:", photo, ":tail")).status == 204);
        CHECK(received.body == "head:" + photo + ":tail");
        CHECK(received.piece_count == (minor >= 3 ? 2u : 0u));
    }
}

TEST_CASE("checked_multipart sends a large borrowed photo as a piece and a small form as one buffer") {
    const pb_host raw = sdk_test::fake_host(&record_request);
    const sdk::Host host(&raw);
    const sdk::ApiClient client = sdk_test::fake_client(host);
    for (const std::size_t size : {std::size_t{1000}, sdk::ApiClient::kPiecesFrom}) {
        CAPTURE(size);
        const std::string photo(size, 'p');
        sdk::Multipart form;
        form.file_view("photo", "photo.jpg", "image/jpeg", photo);
        CHECK(client.checked_multipart("upload", "POST", "http://127.0.0.1:9/upload", std::move(form)).status == 204);
        CHECK(received.piece_count == (size >= sdk::ApiClient::kPiecesFrom ? 3u : 0u));
        CHECK(received.body.find(photo) != std::string::npos);
    }
}
