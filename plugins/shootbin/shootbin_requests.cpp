#include "shootbin_requests.hpp"

#include <cmath>

namespace photobridge::plugins::shootbin {

namespace json = boost::json;

namespace {

// Counts UTF-8 code points: every byte that is not a continuation byte.
std::size_t characters(std::string_view text) {
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0u) != 0x80u) ++n;
    return n;
}

}  // namespace

std::string integer_text(const json::object& input, std::string_view key) {
    const json::value* v = input.if_contains(key);
    if (v != nullptr) {
        if (v->is_int64()) return std::to_string(v->get_int64());
        if (v->is_uint64()) return std::to_string(v->get_uint64());
        if (v->is_double() && std::isfinite(v->get_double()) && v->get_double() == std::trunc(v->get_double()))
            return std::to_string(static_cast<long long>(v->get_double()));
    }
    throw sdk::invalid_argument("input." + std::string(key) + " should be an integer");
}

std::vector<std::string> photos_path(const json::object& input, bool with_photo) {
    std::vector<std::string> segments{"api", "projects", integer_text(input, "project"), "albums",
                                      integer_text(input, "album"), "photos"};
    if (with_photo) segments.push_back(integer_text(input, "photo"));
    return segments;
}

sdk::Multipart upload_form(const json::object& input, std::string_view bytes) {
    if (bytes.empty()) throw sdk::invalid_argument("upload_photo: no input bytes (the image to upload)");
    if (bytes.size() > kMaxUploadBytes)
        throw sdk::Error(PB_ERR_TOO_LARGE, "upload_photo: the image is " + std::to_string(bytes.size()) +
                                               " bytes; Shootbin accepts at most 10 MB (" +
                                               std::to_string(kMaxUploadBytes) + " bytes)");
    const std::string type = sdk::sniff_image_type(bytes);
    if (type.empty()) throw sdk::invalid_argument("upload_photo: the input bytes are neither a JPEG nor a PNG image");

    std::string filename = type == "image/png" ? "photo.png" : "photo.jpg";
    if (const auto* f = input.if_contains("filename"); f && f->is_string()) filename = f->get_string();

    sdk::Multipart form;
    form.file_view("photo", filename, type, bytes);
    for (const char* key : {"title", "description", "client_original_filename"})
        if (const auto* v = input.if_contains(key); v && v->is_string()) form.field(key, v->get_string());
    return form;
}

json::object update_body(const json::object& input) {
    json::object body;
    for (const char* key : {"approved", "title", "description", "tags"})
        if (const auto* v = input.if_contains(key)) body[key] = *v;
    if (body.empty())
        throw sdk::invalid_argument("update_photo: give at least one of approved, title, description, tags");
    if (const auto* tags = body.if_contains("tags"); tags && tags->is_array()) {
        const auto& list = tags->get_array();
        for (std::size_t i = 0; i < list.size(); ++i)
            if (list[i].is_string() && characters(list[i].get_string()) > kMaxTagCharacters)
                throw sdk::invalid_argument("update_photo: tags[" + std::to_string(i) + "] is " +
                                            std::to_string(characters(list[i].get_string())) +
                                            " characters long; Shootbin allows at most 100");
    }
    return body;
}

}  // namespace photobridge::plugins::shootbin
