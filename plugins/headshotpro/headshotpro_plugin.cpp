// The HeadshotPro plugin (provider doc: headshotpro.md). Streams
// model_photos and org_favorites; operations get_photo, get_favorite,
// batch_download and download_media. Every request goes through one
// immutable ApiClient, so concurrent invokes share nothing mutable.
#include <photobridge/sdk.hpp>

#include "headshotpro_errors.hpp"
#include "headshotpro_manifest.hpp"  // generated from manifest.json by photobridge_add_plugin
#include "headshotpro_paging.hpp"
#include "headshotpro_records.hpp"

#include <string>

namespace photobridge::plugins::headshotpro {

namespace ja = sdk::json_access;
namespace json = boost::json;

namespace {

std::string text(const json::object& o, std::string_view key) { return std::string(o.at(key).as_string()); }

}  // namespace

class HeadshotProPlugin : public sdk::Plugin {
public:
    HeadshotProPlugin(sdk::Host host, const json::object& config)
        : sdk::Plugin(host),
          client_(host, sdk::ApiClientOptions::from_config(config, std::string(kProviderId),
                                                           sdk::auth::bearer("api_key"))) {
        stream("model_photos", [this](const sdk::StreamCall& c) { return model_photos(c); });
        stream("org_favorites", [this](const sdk::StreamCall& c) { return org_favorites(c); });
        operation("get_photo", [this](const sdk::Call& c) { return get_photo(c); });
        operation("get_favorite", [this](const sdk::Call& c) { return get_favorite(c); });
        operation("batch_download", [this](const sdk::Call& c) { return batch_download(c); });
    }

    // The media-download extension (and its 1.0 operation, download_media).
    sdk::Result download_media(const sdk::Call& call) const { return sdk::download_media(client_, call); }

private:
    // GET /organization/models/:modelId/photos?limit&offset&status[&likedStatus]&include
    sdk::Page model_photos(const sdk::StreamCall& call) const {
        const auto w = window_of(call, "model_photos");
        sdk::Query q{{"limit", std::to_string(w.limit)},
                     {"offset", std::to_string(w.offset)},
                     {"status", text(call.params, "status")}};
        if (call.params.contains("likedStatus")) q.emplace_back("likedStatus", text(call.params, "likedStatus"));
        q.emplace_back("include", text(call.params, "include"));
        const std::string url = client_.url({"organization", "models", text(call.params, "modelId"), "photos"}, q);
        return read_page(client_.get_json("model_photos", url), w, "headshotpro: model_photos");
    }

    // GET /organization/photos/favorites?limit&offset[&teamId]&include
    sdk::Page org_favorites(const sdk::StreamCall& call) const {
        const auto w = window_of(call, "org_favorites");
        sdk::Query q{{"limit", std::to_string(w.limit)}, {"offset", std::to_string(w.offset)}};
        if (call.params.contains("teamId")) q.emplace_back("teamId", text(call.params, "teamId"));
        q.emplace_back("include", text(call.params, "include"));
        const std::string url = client_.url({"organization", "photos", "favorites"}, q);
        return read_page(client_.get_json("org_favorites", url), w, "headshotpro: org_favorites");
    }

    // GET /organization/models/:modelId/photos/:photoId?include -> the canonical record.
    sdk::Result get_photo(const sdk::Call& call) const {
        const std::string photo_id = text(call.input, "photoId");
        if (photo_id == "favorite")
            throw sdk::invalid_argument(
                "headshotpro: get_photo: photoId 'favorite' names the favorite endpoint; use get_favorite");
        const std::string url = client_.url({"organization", "models", text(call.input, "modelId"), "photos", photo_id},
                                            {{"include", text(call.input, "include")}});
        const json::value body = client_.get_json("get_photo", url);
        constexpr std::string_view where = "headshotpro: get_photo";
        check_envelope(body, where);
        return {photo_record(ja::require(body, "photo", where), std::string(where) + ": photo").to_json(),
                {}};
    }

    // GET /organization/models/:modelId/photos/favorite. "photo": null is the
    // documented "no favorite selected" answer: a result, not an error.
    sdk::Result get_favorite(const sdk::Call& call) const {
        const std::string url = client_.url({"organization", "models", text(call.input, "modelId"), "photos", "favorite"});
        const json::value body = client_.get_json("get_favorite", url);
        constexpr std::string_view where = "headshotpro: get_favorite";
        check_envelope(body, where);
        const json::value& photo = ja::require(body, "photo", where);
        if (photo.is_null())
            return {json::object{{"photo", nullptr},
                                 {"message", ja::string_or_null(ja::optional_string(body, "message", where))}},
                    {}};
        return {json::object{{"photo", photo_record(photo, std::string(where) + ": photo").to_json()}}, {}};
    }

    // POST /organization/models/:modelId/photos/download {photoIds?, include?}
    // -> {downloads: [{photoId, urls, media}], expires_at}.
    sdk::Result batch_download(const sdk::Call& call) const {
        json::object request;
        if (const auto* ids = call.input.if_contains("photoIds")) request["photoIds"] = *ids;
        if (const auto* include = call.input.if_contains("include")) request["include"] = *include;
        const std::string url = client_.url({"organization", "models", text(call.input, "modelId"), "photos", "download"});
        const json::value body = client_.send_json("batch_download", "POST", url, request);

        constexpr std::string_view where = "headshotpro: batch_download";
        check_envelope(body, where);
        const json::array& downloads = ja::require_array(body, "downloads", where);
        const auto expires_at = ja::optional_string(body, "expiresAt", where);
        json::array out;
        out.reserve(downloads.size());
        for (std::size_t i = 0; i < downloads.size(); ++i) {
            const std::string at = std::string(where) + ": downloads[" + std::to_string(i) + "]";
            const json::value& d = downloads[i];
            if (!d.is_object()) throw sdk::protocol_error(at + " should be an object, got " + ja::kind_name(d.kind()));
            const json::object& urls = ja::require_object(d, "urls", at);
            json::array media;
            for (const auto& m : media_of(urls, expires_at, at)) media.push_back(m.to_json());
            out.push_back(json::object{{"photoId", ja::require_string(d, "photoId", at)},
                                       {"urls", urls},
                                       {"media", std::move(media)}});
        }
        return {json::object{{"downloads", std::move(out)}, {"expires_at", ja::string_or_null(expires_at)}}, {}};
    }

    sdk::ApiClient client_;
};

}  // namespace photobridge::plugins::headshotpro

PHOTOBRIDGE_PLUGIN(photobridge::plugins::headshotpro::HeadshotProPlugin, "headshotpro", "HeadshotPro", "1.0.0",
                   photobridge_manifest_json)
