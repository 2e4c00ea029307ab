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

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

namespace photobridge::plugins::shootbin {

namespace json = boost::json;

namespace {

// "per_page ... Default is 50. Maximum is 100." (List photos in an album)
constexpr std::int64_t kDefaultPerPage = 50;
constexpr std::int64_t kMaxPerPage = 100;

// The base URL as given, checked once so that a typo fails at create().
std::string checked_base_url(const json::object& config) {
    std::string url(config.at("base_url").as_string());
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed || (parsed->scheme_id() != boost::urls::scheme::http &&
                    parsed->scheme_id() != boost::urls::scheme::https) ||
        parsed->encoded_host().empty())
        throw sdk::invalid_argument("config.base_url '" + url +
                                    "' should be an absolute http(s) URL such as https://proofs.example.com");
    return url;
}

}  // namespace

class ShootbinPlugin : public sdk::Plugin {
public:
    // `config` is validated against manifest.json: base_url and token exist.
    ShootbinPlugin(sdk::Host host, const json::object& config)
        : sdk::Plugin(host),
          credentials_{{"Authorization", "Bearer " + std::string(config.at("token").as_string())}},
          timeout_ms_(static_cast<std::uint32_t>(config.at("timeout_ms").to_number<std::int64_t>())),
          api_(host, sdk::ApiClientOptions{
                         .provider = kProvider,
                         .base_url = checked_base_url(config),
                         .auth_headers = credentials_,
                         .timeout_ms = timeout_ms_,
                         .read_failure = read_failure,
                     }) {
        stream("album_photos", [this](const sdk::StreamCall& call) { return album_photos(call); });
        operation("get_photo", [this](const sdk::Call& call) { return get_photo(call); });
        operation("upload_photo", [this](const sdk::Call& call) { return upload_photo(call); });
        operation("update_photo", [this](const sdk::Call& call) { return update_photo(call); });
        operation("find_photo", [this](const sdk::Call& call) { return find_photo(call); });
        operation("download_media", [this](const sdk::Call& call) {
            return sdk::download_media(api_, call);
        });
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
        const std::int64_t per_page = std::clamp<std::int64_t>(call.page_size.value_or(kDefaultPerPage), 1, kMaxPerPage);
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

    // Pages through the album at the maximum page size; the first match is
    // the newest because Shootbin lists newest first.
    sdk::Result find_photo(const sdk::Call& call) const {
        const std::string wanted(call.input.at("original_filename").as_string());
        std::optional<std::string> cursor;
        do {
            call.host.check_cancelled();
            ListingPage listing = listing_page(call.input, cursor, kMaxPerPage, "find_photo");
            for (auto& record : listing.records) {
                const json::value& raw = record.as_object().at("raw");
                if (original_filename(raw, "shootbin: find_photo") == wanted)
                    return {json::object{{"photo", std::move(record)}}, {}};
            }
            cursor = std::move(listing.next_cursor);
        } while (cursor);
        return {json::object{{"photo", nullptr}}, {}};
    }

    sdk::Headers credentials_;
    std::uint32_t timeout_ms_;
    sdk::ApiClient api_;
};

}  // namespace photobridge::plugins::shootbin

PHOTOBRIDGE_PLUGIN(photobridge::plugins::shootbin::ShootbinPlugin, "shootbin", "Shootbin", "1.0.0",
                   photobridge_manifest_json)
