// The generative.photos plugin: the upload -> faces -> variant -> download
// flow of generative-photos.md ("Typical Usage"). Built only against the
// public SDK.
//
// Thread contract: after construction every member is read-only, so the host
// may invoke any handler from several threads at once. wait_faces and
// wait_variant are checks (generative_photos_checks.hpp): a host that parks
// waiting records asks them once per due time; called as operations they
// block only their own invoke thread.
#include <photobridge/sdk.hpp>

#include "generative_photos_checks.hpp"
#include "generative_photos_manifest.hpp"  // generated from manifest.json by photobridge_add_plugin
#include "generative_photos_records.hpp"

#include <cstdint>
#include <string>

namespace photobridge::plugins::generative_photos {

namespace json = boost::json;

namespace {

std::string input_string(const json::object& input, std::string_view key) {
    return std::string(input.at(key).as_string());
}

// The {faceid} path segment: a zero-based index or "default".
std::string face_segment(const json::value& face) {
    if (face.is_string()) {
        if (face.get_string() != "default")
            throw sdk::invalid_argument("create_variant: face should be a face index (0, 1, ...) or \"default\", got \"" +
                                        std::string(face.get_string()) + "\"");
        return "default";
    }
    return std::to_string(face.to_number<std::int64_t>());
}

}  // namespace

class GenerativePhotosPlugin : public sdk::Plugin {
public:
    // `config` is validated against manifest.json: api_key exists, base_url
    // has its default.
    GenerativePhotosPlugin(sdk::Host host, const json::object& config)
        : sdk::Plugin(host),
          api_(host,
               sdk::ApiClientOptions::from_config(config, kProvider, sdk::auth::header("authorization", "api_key"))) {
        operation("upload_image", [this](const sdk::Call& call) { return upload_image(call); });
        operation("get_item", [this](const sdk::Call& call) {
            return sdk::Result{item_json(get_item(input_string(call.input, "id"), "get_item"), api_.base_url()), {}};
        });
        operation("create_variant", [this](const sdk::Call& call) { return create_variant(call); });
        check_operation("wait_variant", [this](const sdk::Call& call, const json::value& handle) {
            return check_variant(call, handle);
        });
        check_operation("wait_faces", [this](const sdk::Call& call, const json::value& handle) {
            return check_faces(call, handle);
        });
        operation("download", [this](const sdk::Call& call) { return download(call); });
    }

    // The media-download extension (and its 1.0 operation, download_media).
    sdk::Result download_media(const sdk::Call& call) const { return sdk::download_media(api_, call); }

private:
    std::string item_url(const std::string& id) const { return api_.url({"teams", "me", "gallery", id}); }

    Item get_item(const std::string& id, std::string_view what) const {
        return read_item(api_.get_json(what, item_url(id)), std::string(kProvider) + ": " + std::string(what));
    }

    // "Please upload your images one at a time in PNG or JPEG format. You must
    // specify non-empty filename as part of the form-data body." The body
    // schema names the binary property `object`.
    sdk::Result upload_image(const sdk::Call& call) const {
        if (call.bytes.empty()) throw sdk::invalid_argument("upload_image: no input bytes (the image to upload)");
        const std::string type = sdk::sniff_image_type(call.bytes);
        if (type.empty()) throw sdk::invalid_argument("upload_image: the input bytes are neither a PNG nor a JPEG image");
        sdk::Multipart form;
        form.file_view("object", input_string(call.input, "filename"), type, call.bytes);
        const json::value body =
            api_.send_multipart("upload_image", "POST", api_.url({"teams", "me", "gallery"}), std::move(form));
        return {item_json(read_item(body, "generative_photos: upload_image"), api_.base_url()), {}};
    }

    sdk::Result create_variant(const sdk::Call& call) const {
        const std::string url = api_.url(
            {"teams", "me", "gallery", input_string(call.input, "id"), "faces", face_segment(call.input.at("face"))});
        const json::object body{{"move", call.input.at("move")},
                                {"param", call.input.at("param").to_number<double>()}};
        const json::value response = api_.send_json("create_variant", "PUT", url, body);
        return {item_json(read_item(response, "generative_photos: create_variant"), api_.base_url()), {}};
    }

    sdk::Result item_result(const Item& item) const { return {item_json(item, api_.base_url()), {}}; }

    // Done once data.task.status is complete.
    sdk::CheckAnswer check_variant(const sdk::Call& call, const json::value& handle) const {
        const std::string id = input_string(call.input, "id");
        return check_item(
            poll_options(call.input), handle, [&] { return get_item(id, "wait_variant"); },
            [](const Item& it) { return it.complete(); }, [this](const Item& it) { return item_result(it); },
            "wait_variant");
    }

    // Done once data.faces is present.
    sdk::CheckAnswer check_faces(const sdk::Call& call, const json::value& handle) const {
        const std::string id = input_string(call.input, "id");
        return check_item(
            poll_options(call.input), handle, [&] { return get_item(id, "wait_faces"); },
            [](const Item& it) { return !it.faces.is_null(); }, [this](const Item& it) { return item_result(it); },
            "wait_faces");
    }

    // "Generated variants are in PNG format."
    sdk::Result download(const sdk::Call& call) const {
        const std::string url =
            api_.url({"teams", "me", "gallery", input_string(call.input, "id"), "pixels", "original", "bytes"});
        sdk::HttpResponse r = sdk::fetch_media(api_, url, "download");
        if (sdk::sniff_image_type(r.body) != "image/png")
            throw sdk::protocol_error("generative_photos: download: the response is not a PNG image (" +
                                      std::to_string(r.body.size()) + " bytes, Content-Type " +
                                      r.header("Content-Type").value_or("none") + ")");
        boost::json::object out{{"content_type", "image/png"}, {"size", static_cast<std::int64_t>(r.body.size())}};
        return {std::move(out), std::move(r.body)};
    }

    sdk::ApiClient api_;
};

}  // namespace photobridge::plugins::generative_photos

PHOTOBRIDGE_PLUGIN(photobridge::plugins::generative_photos::GenerativePhotosPlugin, "generative_photos",
                   "generative.photos", "1.0.0", photobridge_manifest_json)
