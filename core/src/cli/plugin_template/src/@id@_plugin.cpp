// The @id@ plugin: one stream (items, Link-header paging) and one operation
// (get_item). Written by `photobridge new-plugin`; sdk-docs/writing-a-plugin.md
// explains every part.
#include <photobridge/sdk.hpp>

#include "@id@_manifest.hpp"  // generated from manifest.json by photobridge_add_plugin

#include <string>

namespace sdk = photobridge::sdk;
namespace json = boost::json;

class Plugin final : public sdk::Plugin {
public:
    // `config` is validated against manifest.json's "config" (defaults filled in).
    Plugin(sdk::Host host, const json::object& config)
        : sdk::Plugin(host), client_(host, sdk::ApiClientOptions::from_config(config, "@id@", sdk::auth::bearer("token"))) {
        stream("items", [this](const sdk::StreamCall& call) { return items(call); });
        operation("get_item", [this](const sdk::Call& call) { return get_item(call); });
    }

private:
    // The cursor is the next page's URL, taken from the Link header; a next
    // link that repeats the current page is a protocol error, never a loop.
    sdk::Page items(const sdk::StreamCall& call) const {
        const std::string first = client_.base_url() + "/items?per_page=" + std::to_string(call.page_size_or_default());
        const std::string url = sdk::next_url::read(call.cursor, first, "items");
        const sdk::HttpResponse r = client_.checked("list items", "GET", url);
        const json::value body = r.json("@id@: list items");
        if (!body.is_array()) throw sdk::protocol_error("@id@: list items: the body is not an array");
        sdk::Page page;
        for (const auto& item : body.as_array()) page.records.push_back(item);
        page.next_cursor = sdk::next_link_cursor(r, url, "items");
        return page;
    }

    sdk::Result get_item(const sdk::Call& call) const {
        const std::string id(call.input.at("id").as_string());
        return {client_.get_json("get item", sdk::build_url(client_.base_url(), {"items", id})), {}};
    }

    sdk::ApiClient client_;
};

PHOTOBRIDGE_PLUGIN(Plugin, "@id@", "@id@", "0.1.0", photobridge_manifest_json)
