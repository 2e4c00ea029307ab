// PixelVault: GET /photos?per_page=N, a bare JSON array per page, the next
// page in the Link header (rel="next"). A spent rate limit is answered 403
// with X-RateLimit-Remaining: 0 and X-RateLimit-Reset, which the SDK's
// classifier turns into RATE_LIMITED with a retry time.
#include <photobridge/sdk.hpp>

#include "pixelvault_manifest.hpp"

#include <string>

namespace sdk = photobridge::sdk;
namespace json = boost::json;
namespace ja = sdk::json_access;

class PixelVaultPlugin : public sdk::Plugin {
public:
    PixelVaultPlugin(sdk::Host host, const json::object& config)
        : sdk::Plugin(host), client_(host, options(config)) {
        stream("photos", [this](const sdk::StreamCall& call) { return photos(call); });
    }

    sdk::Result download_media(const sdk::Call& call) const { return sdk::download_media(client_, call); }

private:
    static sdk::ApiClientOptions options(const json::object& config) {
        auto o = sdk::ApiClientOptions::from_config(config, "pixelvault", sdk::auth::header("X-Api-Key", "api_key"));
        o.classify = sdk::rate_limited_when_exhausted();
        return o;
    }

    sdk::Page photos(const sdk::StreamCall& call) const {
        constexpr std::string_view where = "pixelvault: photos";
        const std::string first =
            sdk::build_url(client_.base_url(), {"photos"}, {{"per_page", std::to_string(call.page_size_or_default())}});
        const std::string url = sdk::next_url::read(call.cursor, first, where);
        const sdk::HttpResponse r = client_.checked("photos", "GET", url);
        const json::value body = r.json(where);
        if (!body.is_array()) throw sdk::protocol_error(std::string(where) + ": the body is not an array");
        sdk::Page page;
        for (const auto& item : body.as_array()) page.records.push_back(photo(item).to_json());
        page.next_cursor = sdk::next_link_cursor(r, url, where);
        return page;
    }

    static sdk::records::Photo photo(const json::value& item) {
        constexpr std::string_view where = "pixelvault: photo";
        sdk::records::Photo p;
        const auto id = ja::optional_string(item, "id", where);
        if (!id) ja::fail(where, "id", "is missing");
        p.id = *id;
        p.provider = "pixelvault";
        p.person.id = ja::optional_string(item, "owner.id", where);
        p.person.email = ja::optional_string(item, "owner.email", where);
        p.person.name = ja::optional_string(item, "owner.name", where);
        p.person.external_id = ja::optional_string(item, "owner.employee_no", where);
        p.created_at = ja::optional_string(item, "created_at", where);
        if (const auto url = ja::optional_string(item, "image_url", where)) {
            sdk::records::Media m;
            m.variant = "main";
            m.url = *url;
            p.media.push_back(std::move(m));
        }
        p.raw = item;
        return p;
    }

    sdk::ApiClient client_;
};

PHOTOBRIDGE_PLUGIN(PixelVaultPlugin, "pixelvault", "PixelVault", "1.0.0", photobridge_manifest_json)
