// The CloudCard plugin (provider doc: cloudcard.md). Stream photos (GET
// /photo, offset/max paging over a bare JSON array) and operation
// download_media. Handlers only read immutable members, so concurrent
// invokes are safe.
#include <photobridge/sdk.hpp>

#include "cloudcard_errors.hpp"
#include "cloudcard_manifest.hpp"  // generated from manifest.json by photobridge_add_plugin
#include "cloudcard_records.hpp"

#include <boost/url.hpp>

#include <algorithm>
#include <charconv>
#include <string>

namespace sdk = photobridge::sdk;
namespace ja = photobridge::sdk::json_access;
namespace json = boost::json;

namespace {

constexpr std::int64_t kDefaultMax = 25;   // "max ... Default Value: 25"
constexpr std::int64_t kMaxMax = 1000;     // "any integer between 0 and 1000"

std::string text(const json::object& o, std::string_view key) { return std::string(o.at(key).as_string()); }

// Config is validated against the manifest (defaults applied) before this runs.
std::string base_url_of(const json::object& config) {
    std::string url = text(config, "base_url");
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") || !parsed->has_authority())
        throw sdk::invalid_argument("cloudcard: config.base_url must be an absolute http:// or https:// URL");
    return url;
}

std::uint32_t timeout_of(const json::object& config) {
    return static_cast<std::uint32_t>(config.at("timeout_ms").to_number<std::int64_t>());
}

// Cursor contract: the decimal offset of the next page, written by photos().
std::int64_t offset_of(const std::optional<std::string>& cursor) {
    if (!cursor) return 0;
    std::int64_t offset = 0;
    const std::string& c = *cursor;
    const auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), offset);
    if (c.empty() || ec != std::errc() || end != c.data() + c.size() || offset < 0)
        throw sdk::invalid_argument("cloudcard: photos: cursor '" + c.substr(0, 40) +
                                    "' is not an offset written by this plugin");
    return offset;
}

}  // namespace

class CloudCardPlugin : public sdk::Plugin {
public:
    CloudCardPlugin(sdk::Host host, const json::object& config)
        : sdk::Plugin(host),
          auth_{{"X-Auth-Token", text(config, "token")}},
          timeout_ms_(timeout_of(config)),
          client_(host, sdk::ApiClientOptions{
                            .provider = std::string(cloudcard::kProviderId),
                            .base_url = base_url_of(config),
                            .auth_headers = auth_,
                            .timeout_ms = timeout_ms_,
                            .read_failure = cloudcard::read_failure,
                        }) {
        stream("photos", [this](const sdk::StreamCall& c) { return photos(c); });
        operation("download_media", [this](const sdk::Call& c) {
            return sdk::download_media(client_, c);
        });
    }

private:
    // GET /photo?[status]&offset&max. The body is a bare array with no total;
    // a page shorter than max is the last (an exactly full last page is
    // followed by one empty page).
    sdk::Page photos(const sdk::StreamCall& call) const {
        const std::int64_t max = std::clamp<std::int64_t>(call.page_size.value_or(kDefaultMax), 1, kMaxMax);
        const std::int64_t offset = offset_of(call.cursor);
        sdk::Query q;
        if (call.params.contains("status")) q.emplace_back("status", text(call.params, "status"));
        q.emplace_back("offset", std::to_string(offset));
        q.emplace_back("max", std::to_string(max));
        const json::value body = client_.get_json("photos", client_.url({"photo"}, q));

        constexpr std::string_view where = "cloudcard: photos";
        if (!body.is_array())
            throw sdk::protocol_error(std::string(where) + ": response should be a JSON array of photos, got " +
                                      ja::kind_name(body.kind()));
        const json::array& items = body.get_array();
        sdk::Page page;
        page.records.reserve(items.size());
        for (std::size_t i = 0; i < items.size(); ++i)
            page.records.push_back(
                cloudcard::photo_record(items[i], std::string(where) + ": [" + std::to_string(i) + "]").to_json());
        if (static_cast<std::int64_t>(items.size()) >= max)
            page.next_cursor = std::to_string(offset + static_cast<std::int64_t>(items.size()));
        return page;
    }

    sdk::Headers auth_;
    std::uint32_t timeout_ms_;
    sdk::ApiClient client_;
};

PHOTOBRIDGE_PLUGIN(CloudCardPlugin, "cloudcard", "CloudCard", "1.0.0", photobridge_manifest_json)
