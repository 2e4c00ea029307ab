// --image-bytes: every synthesized JPEG photo of a dataset is a valid JPEG
// of the asked size, the same bytes for the same record and different bytes
// (content hash) for each record, from every backend that serves JPEG
// photos; thumbnails stay small; 0 keeps the small portraits.
#include "dataset_test_support.hpp"

#include "dataset/image_synth.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace dataset_test;
using photobridge::mock::dataset::dataset_photo_jpeg;
using photobridge::mock::dataset::portrait_jpeg;

namespace {

unsigned byte_at(const std::string& s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

// Walks the JPEG's segments from SOI to SOS, as a decoder does, and then
// the entropy-coded data to EOI: true when every length fits and the scan
// holds no marker but RSTn/stuffed bytes.
bool well_formed_jpeg(const std::string& jpeg) {
    if (jpeg.size() < 4 || byte_at(jpeg, 0) != 0xFF || byte_at(jpeg, 1) != 0xD8) return false;
    std::size_t at = 2;
    while (at + 4 <= jpeg.size()) {
        if (byte_at(jpeg, at) != 0xFF) return false;
        const unsigned marker = byte_at(jpeg, at + 1);
        const std::size_t length = byte_at(jpeg, at + 2) * 256 + byte_at(jpeg, at + 3);
        if (length < 2 || at + 2 + length > jpeg.size()) return false;
        at += 2 + length;
        if (marker == 0xDA) break;  // SOS: the entropy-coded data follows
    }
    for (; at + 1 < jpeg.size(); ++at) {
        if (byte_at(jpeg, at) != 0xFF) continue;
        const unsigned next = byte_at(jpeg, at + 1);
        if (next == 0xD9) return at + 2 == jpeg.size();
        if (next != 0x00 && (next < 0xD0 || next > 0xD7)) return false;
        ++at;
    }
    return false;
}

photobridge::mock::DatasetOptions sized(std::size_t records, std::size_t image_bytes) {
    auto o = dataset_options(records, 7);
    o.image_bytes = image_bytes;
    return o;
}

}  // namespace

TEST_CASE("sized photos: a well-formed JPEG of the asked size, unique per key, the same for the same key") {
    for (const std::size_t size : {std::size_t{1000}, std::size_t{70000}, std::size_t{2000000}}) {
        CAPTURE(size);
        const std::string a = dataset_photo_jpeg("record-1", size);
        const std::string b = dataset_photo_jpeg("record-2", size);
        CHECK(a.size() >= size);
        CHECK(a.size() <= size + 4);
        CHECK(well_formed_jpeg(a));
        CHECK(well_formed_jpeg(b));
        CHECK(a != b);
        CHECK(a.size() == b.size());
        CHECK(dataset_photo_jpeg("record-1", size) == a);
    }
    CHECK(dataset_photo_jpeg("record-1", 0) == portrait_jpeg("record-1"));
    CHECK(well_formed_jpeg(portrait_jpeg("record-1")));
    // Smaller than the portrait itself: the portrait with one short comment.
    CHECK(well_formed_jpeg(dataset_photo_jpeg("record-1", 10)));
}

TEST_CASE("sized photos: HeadshotPro's main and original are sized, the thumbnail is not") {
    auto backend = make_backend("headshotpro", sized(10, 50000));
    const auto body = json_of(get(*backend, "/organization/models/507f1f77bcf86cd799439011/photos",
                                  {{"include", "all"}, {"limit", "3"}}));
    std::set<std::string> mains;
    for (const auto& photo : body.at("photos").as_array()) {
        for (const char* variant : {"main", "thumbnail", "original"}) {
            auto [path, query] = split_url(std::string(photo.at("urls").at(variant).as_string()), "headshotpro");
            const auto image = get(*backend, path, query);
            REQUIRE(image.status == 200);
            CHECK(well_formed_jpeg(image.body));
            if (std::string(variant) == "thumbnail") CHECK(image.body.size() < 2000);
            else CHECK(image.body.size() >= 50000);
            if (std::string(variant) == "main") mains.insert(image.body);
        }
    }
    CHECK(mains.size() == 3);
}

TEST_CASE("sized photos: Shootbin, Snapbar and the declared CloudCard dataset serve sized JPEGs") {
    {
        auto backend = make_backend("shootbin", sized(5, 30000));
        const auto list = json_of(get(*backend, "/api/projects/1/albums/12/photos", {{"per_page", "2"}}));
        auto [path, query] = split_url(std::string(list.at("data").at(0).at("image_url").as_string()), "shootbin");
        const auto image = get(*backend, path, query);
        REQUIRE(image.status == 200);
        CHECK(image.body.size() >= 30000);
        CHECK(well_formed_jpeg(image.body));
    }
    {
        auto backend = make_backend("cloudcard", sized(5, 30000));
        const auto list = json_of(get(*backend, "/photo", {{"max", "1"}}));
        const auto& photo = list.at(0);
        const std::string url(photo.at("links").at("bytes").is_string() ? photo.at("links").at("bytes").as_string()
                                                                          : photo.at("externalURL").as_string());
        auto [path, query] = split_url(url, "cloudcard");
        const auto image = get(*backend, path, query);
        REQUIRE(image.status == 200);
        CHECK(image.body.size() >= 30000);
        CHECK(well_formed_jpeg(image.body));
    }
}
