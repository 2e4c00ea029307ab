// The CloudCard plugin (provider doc: cloudcard.md). Stream photos (GET
// /photo, offset/max paging over a bare JSON array) and operation
// download_media. Handlers only read immutable members, so concurrent
// invokes are safe.
#include <photobridge/sdk.hpp>

#include "cloudcard_manifest.hpp"  // generated from manifest.json by photobridge_add_plugin
#include "cloudcard_records.hpp"

#include <string>

namespace photobridge::plugins::cloudcard {

namespace ja = sdk::json_access;
namespace json = boost::json;

namespace {

std::string text(const json::object& o, std::string_view key) { return std::string(o.at(key).as_string()); }

}  // namespace

class CloudCardPlugin : public sdk::Plugin {
public:
    CloudCardPlugin(sdk::Host host, const json::object& config)
        : sdk::Plugin(host),
          client_(host, sdk::ApiClientOptions::from_config(config, std::string(kProviderId),
                                                           sdk::auth::header("X-Auth-Token", "token"))) {
        stream("photos", [this](const sdk::StreamCall& c) { return photos(c); });
    }

    // The media-download extension (and its 1.0 operation, download_media).
    sdk::Result download_media(const sdk::Call& call) const { return sdk::download_media(client_, call); }

private:
    // GET /photo?[status]&offset&max. The body is a bare array with no total;
    // a page shorter than max is the last (an exactly full last page is
    // followed by one empty page). max within the manifest's page_size
    // ("Default Value: 25", "between 0 and 1000"); the cursor is an
    // sdk::offset_cursor.
    sdk::Page photos(const sdk::StreamCall& call) const {
        const std::int64_t max = call.page_size_or_default();
        const std::int64_t offset = sdk::offset_cursor::read(call.cursor, "cloudcard: photos");
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
                photo_record(items[i], std::string(where) + ": [" + std::to_string(i) + "]").to_json());
        if (static_cast<std::int64_t>(items.size()) >= max)
            page.next_cursor = sdk::offset_cursor::next(offset, items.size(), where);
        return page;
    }

    sdk::ApiClient client_;
};

}  // namespace photobridge::plugins::cloudcard

PHOTOBRIDGE_PLUGIN(photobridge::plugins::cloudcard::CloudCardPlugin, "cloudcard", "CloudCard", "1.0.0",
                   photobridge_manifest_json)
