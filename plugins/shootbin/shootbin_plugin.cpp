// The Shootbin plugin: streams and operations over the photos API of
// shootbin.md. Built only against the public SDK.
//
// Thread contract: after construction every member is read-only, so the host
// may invoke any handler from several threads at once.
#include <photobridge/sdk.hpp>

#include "shootbin_errors.hpp"
#include "shootbin_manifest.hpp"  // generated from manifest.json by photobridge_add_plugin
#include "shootbin_records.hpp"
#include "shootbin_requests.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace photobridge::plugins::shootbin {

namespace json = boost::json;

class ShootbinPlugin : public sdk::Plugin {
public:
    // `config` is validated against manifest.json: base_url and token exist.
    ShootbinPlugin(sdk::Host host, const json::object& config)
        : sdk::Plugin(host),
          api_(host, sdk::ApiClientOptions::from_config(config, kProvider, sdk::auth::bearer("token"), read_failure)) {
        stream("album_photos", [this](const sdk::StreamCall& call) { return album_photos(call); });
        operation("get_photo", [this](const sdk::Call& call) { return get_photo(call); });
        operation("upload_photo", [this](const sdk::Call& call) { return upload_photo(call); });
        operation("update_photo", [this](const sdk::Call& call) { return update_photo(call); });
        operation("find_photo", [this](const sdk::Call& call) { return find_photo(call); });
    }

    // The media-download extension (and its 1.0 operation, download_media).
    sdk::Result download_media(const sdk::Call& call) const { return sdk::download_media(api_, call); }

    // The sink-lookup extension: an upload is found by the
    // client_original_filename it was sent with, in its album, one listing
    // page per call (newest first).
    bool can_find_write(std::string_view action, const json::object& input) const {
        const auto* name = input.if_contains("client_original_filename");
        return action == "upload_photo" && name != nullptr && name->is_string() && !name->get_string().empty();
    }
    sdk::FoundWrite find_write(std::string_view, const sdk::LookupCall& call) const {
        const std::string wanted(call.input.at("client_original_filename").as_string());
        ListingPage listing =
            listing_page(call.input, call.cursor, album_page_size(*call.manifest).maximum, "upload_photo lookup");
        if (auto photo = photo_named(listing, wanted, "upload_photo lookup"))
            return sdk::FoundWrite::at(sdk::json_access::scalar_text(photo->as_object().at("id"), "id"));
        if (listing.next_cursor) return sdk::FoundWrite::look_further(std::move(*listing.next_cursor));
        return sdk::FoundWrite::nothing();
    }

private:
    // One listing page; the cursor is Shootbin's next_cursor, passed through.
    ListingPage listing_page(const json::object& params, const std::optional<std::string>& cursor,
                             std::int64_t per_page, std::string_view what) const {
        sdk::Query query{{"per_page", std::to_string(per_page)}};
        if (cursor) query.emplace_back("cursor", *cursor);
        const std::string url = sdk::build_url(api_.base_url(), photos_path(params, false), query);
        return read_listing(api_.get_json(what, url), cursor, std::string(kProvider) + ": " + std::string(what));
    }

    sdk::Page album_photos(const sdk::StreamCall& call) const {
        const std::int64_t per_page = call.page_size_or_default();
        ListingPage listing = listing_page(call.params, call.cursor, per_page, "album_photos");
        sdk::Page page;
        page.records = std::move(listing.records);
        page.next_cursor = std::move(listing.next_cursor);
        return page;
    }

    sdk::Result get_photo(const sdk::Call& call) const {
        const std::string url = sdk::build_url(api_.base_url(), photos_path(call.input, true));
        return {photo_record(api_.get_json("get_photo", url), "shootbin: get_photo"), {}};
    }

    sdk::Result upload_photo(const sdk::Call& call) const {
        sdk::Multipart form = upload_form(call.input, call.bytes);
        const std::string url = sdk::build_url(api_.base_url(), photos_path(call.input, false));
        return {photo_record(api_.send_multipart("upload_photo", "POST", url, std::move(form)), "shootbin: upload_photo"),
                {}};
    }

    sdk::Result update_photo(const sdk::Call& call) const {
        const json::object body = update_body(call.input);
        const std::string url = sdk::build_url(api_.base_url(), photos_path(call.input, true));
        return {photo_record(api_.send_json("update_photo", "PATCH", url, body), "shootbin: update_photo"), {}};
    }

    // Pages through the album at album_photos' maximum page size ("per_page
    // ... Maximum is 100."); the first match is the newest because Shootbin
    // lists newest first.
    sdk::Result find_photo(const sdk::Call& call) const {
        const std::string wanted(call.input.at("original_filename").as_string());
        const std::int64_t per_page = album_page_size(*call.manifest).maximum;
        std::optional<std::string> cursor;
        do {
            call.host.check_cancelled();
            ListingPage listing = listing_page(call.input, cursor, per_page, "find_photo");
            if (auto photo = photo_named(listing, wanted, "find_photo"))
                return {json::object{{"photo", std::move(*photo)}}, {}};
            cursor = std::move(listing.next_cursor);
        } while (cursor);
        return {json::object{{"photo", nullptr}}, {}};
    }

    // The first (newest) photo of the page whose original_filename is `wanted`.
    static std::optional<json::value> photo_named(ListingPage& listing, const std::string& wanted,
                                                  std::string_view what) {
        const std::string context = std::string(kProvider) + ": " + std::string(what);
        for (auto& record : listing.records)
            if (original_filename(record.as_object().at("raw"), context) == wanted) return std::move(record);
        return std::nullopt;
    }

    static sdk::PageSize album_page_size(const sdk::Manifest& manifest) {
        if (auto sizes = manifest.page_size("album_photos")) return *sizes;
        throw sdk::Error(PB_ERR_INTERNAL, "shootbin: the manifest's album_photos stream declares no page_size");
    }

    sdk::ApiClient api_;
};

}  // namespace photobridge::plugins::shootbin

PHOTOBRIDGE_PLUGIN(photobridge::plugins::shootbin::ShootbinPlugin, "shootbin", "Shootbin", "1.0.0",
                   photobridge_manifest_json)
