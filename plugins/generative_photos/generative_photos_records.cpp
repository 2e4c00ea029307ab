#include "generative_photos_records.hpp"

namespace photobridge::plugins::generative_photos {

namespace json = boost::json;
namespace ja = sdk::json_access;

namespace {

// An object field that may be absent or null, but nothing else.
void expect_object_or_null(const json::value& root, std::string_view path, std::string_view where) {
    const json::value* v = ja::find(root, path);
    if (v != nullptr && !v->is_null() && !v->is_object())
        ja::fail(where, path, std::string("should be an object, got ") + ja::kind_name(v->kind()));
}

}  // namespace

Item read_item(const json::value& body, std::string_view where) {
    if (!body.is_object())
        throw sdk::protocol_error(std::string(where) + ": should be a GalleryItem object, got " +
                                  ja::kind_name(body.kind()));
    Item item;
    item.id = ja::require_string(body, "id", where);
    if (item.id.empty()) ja::fail(where, "id", "is empty");
    expect_object_or_null(body, "data", where);
    expect_object_or_null(body, "data.task", where);
    expect_object_or_null(body, "data.task.error", where);
    item.status = ja::optional_string(body, "data.task.status", where);
    item.error_code = ja::optional_string(body, "data.task.error.code", where);
    if (const json::value* faces = ja::find(body, "data.faces"); faces != nullptr && !faces->is_null()) {
        if (!faces->is_array()) ja::fail(where, "data.faces", std::string("should be an array, got ") + ja::kind_name(faces->kind()));
        item.faces = *faces;
    }
    item.raw = body;
    return item;
}

json::object item_json(const Item& item, std::string_view base_url) {
    sdk::records::Photo photo;
    photo.id = item.id;
    photo.provider = kProvider;
    photo.status = item.status;
    if (item.complete()) {
        sdk::records::Media original;
        original.variant = "original";
        original.url = sdk::build_url(base_url, {"teams", "me", "gallery", item.id, "pixels", "original", "bytes"});
        photo.media.push_back(std::move(original));
    }
    photo.raw = item.raw;
    return json::object{{"id", item.id},
                        {"status", ja::string_or_null(item.status)},
                        {"error_code", ja::string_or_null(item.error_code)},
                        {"faces", item.faces},
                        {"photo", photo.to_json()},
                        {"raw", item.raw}};
}

}  // namespace photobridge::plugins::generative_photos
