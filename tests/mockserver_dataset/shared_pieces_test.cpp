// The shared pieces of dataset mode: timestamps, base64url cursors, image
// encoders, URL signing and the factory.
#include <doctest/doctest.h>
#include <zlib.h>

#include <vector>

#include "framework/base64.hpp"
#include "dataset/image_synth.hpp"
#include "framework/provider_registry.hpp"
#include "dataset_test_support.hpp"
#include "dataset/timestamps.hpp"
#include "dataset/url_signer.hpp"

using namespace photobridge::mock::dataset;
using photobridge::mock::base64url_decode;
using photobridge::mock::base64url_encode;

namespace {

std::uint32_t read_u32(const std::string& bytes, std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
}

}  // namespace

TEST_CASE("timestamps: the docs' three formats and ISO parsing") {
    const UnixMillis t = 1705319100000;  // 2024-01-15T11:45:00Z
    CHECK(format_iso_millis(t) == "2024-01-15T11:45:00.000Z");
    CHECK(format_iso_micros(t + 7) == "2024-01-15T11:45:00.007000Z");
    CHECK(format_iso_seconds(t) == "2024-01-15T11:45:00Z");
    CHECK(parse_iso8601("2024-01-15T11:45:00.000Z") == t);
    CHECK(parse_iso8601("2024-01-15T11:45:00Z") == t);
    CHECK(parse_iso8601("2024-01-15T12:45:00+01:00") == t);
    CHECK(parse_iso8601("2024-01-15") == t - (11 * 3600 + 45 * 60) * 1000LL);
    for (const char* bad : {"", "2024", "2024-02-30", "2024-01-15T25:00:00Z", "2024-01-15T11:45:00", "yesterday"})
        CHECK_MESSAGE(!parse_iso8601(bad), bad);
}

TEST_CASE("base64url: round trips and the docs' cursor") {
    CHECK(base64url_encode(R"({"id":123})") == "eyJpZCI6MTIzfQ");
    for (const std::string& text : std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\xff\xfe\x00", 3)})
        CHECK(base64url_decode(base64url_encode(text)) == text);
    CHECK_FALSE(base64url_decode("a+b/"));
    CHECK_FALSE(base64url_decode("abcde"));
}

TEST_CASE("image_synth: PNG chunks carry real CRCs and inflate to the image") {
    const std::string png = portrait_png("key");
    REQUIRE(png.substr(0, 8) == "\x89PNG\r\n\x1a\n");
    std::size_t at = 8;
    std::string idat;
    std::vector<std::string> types;
    while (at < png.size()) {
        const std::uint32_t length = read_u32(png, at);
        const std::string type = png.substr(at + 4, 4);
        types.push_back(type);
        const auto crc = crc32(0L, reinterpret_cast<const Bytef*>(png.data() + at + 4), length + 4);
        CHECK(crc == read_u32(png, at + 8 + length));
        if (type == "IDAT") idat += png.substr(at + 8, length);
        if (type == "IHDR") {
            CHECK(read_u32(png, at + 8) == 48);
            CHECK(read_u32(png, at + 12) == 64);
        }
        at += 12 + length;
    }
    CHECK(types == std::vector<std::string>{"IHDR", "IDAT", "IEND"});
    std::string raw((48 * 3 + 1) * 64, '\0');
    uLongf raw_size = static_cast<uLongf>(raw.size());
    CHECK(uncompress(reinterpret_cast<Bytef*>(raw.data()), &raw_size, reinterpret_cast<const Bytef*>(idat.data()),
                     static_cast<uLong>(idat.size())) == Z_OK);
    CHECK(raw_size == raw.size());
    CHECK(portrait_png("key") == png);
    CHECK(portrait_png("other") != png);
}

TEST_CASE("image_synth: JPEG has the baseline JFIF markers and dimensions") {
    const std::string jpeg = portrait_jpeg("key");
    CHECK(jpeg.substr(0, 4) == "\xFF\xD8\xFF\xE0");
    CHECK(jpeg.substr(6, 5) == std::string("JFIF\0", 5));
    CHECK(jpeg.substr(jpeg.size() - 2) == "\xFF\xD9");
    const auto sof = jpeg.find("\xFF\xC0");
    REQUIRE(sof != std::string::npos);
    CHECK(static_cast<unsigned char>(jpeg[sof + 5]) * 256 + static_cast<unsigned char>(jpeg[sof + 6]) == 64);
    CHECK(static_cast<unsigned char>(jpeg[sof + 7]) * 256 + static_cast<unsigned char>(jpeg[sof + 8]) == 48);
    CHECK(jpeg.find("\xFF\xDA") != std::string::npos);
    // Inside the entropy-coded data every 0xFF is stuffed.
    const auto scan_start = jpeg.find("\xFF\xDA");
    const std::size_t header = 2 + read_u32(jpeg, scan_start + 2) / 65536;
    for (std::size_t i = scan_start + header; i + 2 < jpeg.size(); ++i)
        if (static_cast<unsigned char>(jpeg[i]) == 0xFF) CHECK(jpeg[i + 1] == '\0');
    CHECK(portrait_jpeg("other") != jpeg);
}

TEST_CASE("url_signer: valid, tampered and expired") {
    const UrlSigner signer(1);
    const std::string path = "/cdn/photos/abc.jpg";
    const std::string signature = signer.signature(path, 2000);
    CHECK(signature.size() == 64);
    CHECK(signer.check(path, "2000", signature, 1999) == SignatureCheck::valid);
    CHECK(signer.check(path, "2000", signature, 2001) == SignatureCheck::expired);
    CHECK(signer.check(path, "2001", signature, 1999) == SignatureCheck::tampered);
    CHECK(signer.check("/cdn/photos/abd.jpg", "2000", signature, 1999) == SignatureCheck::tampered);
    CHECK(signer.check(path, "2000x", signature, 1999) == SignatureCheck::tampered);
    CHECK(signer.check(path, "2000", signature.substr(1), 1999) == SignatureCheck::tampered);
    CHECK(UrlSigner(2).signature(path, 2000) != signature);
}

TEST_CASE("factory: one backend per provider, public CDN routes") {
    for (const char* provider : {"headshotpro", "generative_photos", "cloudcard", "snapbar", "shootbin"}) {
        auto backend = dataset_test::make_backend(provider, 10, 1, 0);
        CHECK(backend->provider() == provider);
        CHECK((photobridge::mock::dataset_route_is_public(provider, "/cdn/photos/x.jpg") ||
               backend->is_public_route("/cdn/photos/x.jpg")));
        CHECK_FALSE(photobridge::mock::dataset_route_is_public(provider, "/photo"));
        CHECK_FALSE(backend->is_public_route("/photo"));
        photobridge::mock::MockRequest unknown;
        unknown.method = "GET";
        unknown.path = "/definitely/not/a/route";
        CHECK_FALSE(backend->handle(unknown).has_value());
    }
    CHECK(photobridge::mock::make_dataset_backend("nope", {}) == nullptr);
    CHECK_FALSE(photobridge::mock::dataset_route_is_public("nope", "/cdn/x"));
}

TEST_CASE("backends survive hostile input") {
    for (const char* provider : {"headshotpro", "generative_photos", "cloudcard", "snapbar", "shootbin"}) {
        auto backend = dataset_test::make_backend(provider, 5, 1, 0);
        for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
            for (const char* path : {"", "/", "//", "/cdn", "/cdn/photos/", "/cdn/photos/..%2f.jpg", "/contacts/",
                                     "/api/projects/99999999999999999999/albums/x/photos", "/teams/me/gallery/x/faces/",
                                     "/organization/models//photos", "/photo"}) {
                photobridge::mock::MockRequest r;
                r.method = method;
                r.path = path;
                r.body = "{not json";
                r.query.emplace("limit", "-99999999999999999999999");
                r.query.emplace("cursor", "\xff\xfe");
                CHECK_NOTHROW(backend->handle(r));
            }
        }
    }
}
