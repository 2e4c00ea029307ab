// The hello plugin: the smallest complete photobridge plugin, written only
// against the public SDK. sdk-docs/writing-a-plugin.md explains every part.
#include <photobridge/sdk.hpp>

#include "hello_manifest.hpp"  // generated from manifest.json by photobridge_add_plugin

#include <algorithm>
#include <string>

namespace sdk = photobridge::sdk;
namespace json = boost::json;

class HelloPlugin : public sdk::Plugin {
public:
    // `config` has been validated against manifest.json's "config" section and
    // has its defaults filled in, so required keys are present and typed.
    HelloPlugin(sdk::Host host, const json::object& config)
        : sdk::Plugin(host),
          greeting_(config.at("greeting").as_string()),
          // base_url, timeout_ms and the optional token, checked once.
          client_(host, sdk::ApiClientOptions::from_config(config, "hello",
                                                             sdk::auth::optional(sdk::auth::bearer("token")))) {
        operation("greet", [this](const sdk::Call& call) { return greet(call); });
        operation("echo", [](const sdk::Call& call) {
            return sdk::Result{json::value(call.input), std::string(call.bytes)};
        });
        operation("fetch", [this](const sdk::Call& call) { return fetch(call); });
        // A raw operation: JSON text in, JSON text out, nothing parsed. The
        // ABI's round-trip floor, measured by bench/abi.
        raw_operation("noop", [](const sdk::RawCall& call, const sdk::RawOutput& out) {
            out.write_json(call.request_json.empty() ? std::string_view("{}") : call.request_json);
        });
        stream("numbers", [](const sdk::StreamCall& call) { return numbers(call); });
    }

private:
    // Input is validated: "name" exists and is a string; "punctuation"
    // defaulted to "!" and is one of the enum values.
    sdk::Result greet(const sdk::Call& call) const {
        std::string text = greeting_ + ", " + std::string(call.input.at("name").as_string()) +
                           std::string(call.input.at("punctuation").as_string());
        call.host.log(sdk::LogLevel::info, "greeted someone");
        return {json::object{{"greeting", text}}, {}};
    }

    // Goes through the host's HTTP service, so timeouts, TLS, redaction and
    // the journal are the host's business; a 4xx/5xx becomes a typed error.
    sdk::Result fetch(const sdk::Call& call) const {
        const std::string path(call.input.at("path").as_string());
        sdk::HttpResponse r = client_.send("GET", client_.base_url() + path);
        if (r.status >= 400) throw client_.error_for(r, "GET " + path);
        return {json::object{{"status", r.status}, {"body", r.body}}, {}};
    }

    // Pages of consecutive integers. The cursor is the next offset as text:
    // opaque to the host, meaningful only here.
    static sdk::Page numbers(const sdk::StreamCall& call) {
        const std::int64_t count = call.params.at("count").as_int64();
        const std::int64_t size = call.page_size_or_default();  // manifest: default 10, maximum 100
        std::int64_t offset = 0;
        if (call.cursor) {
            try {
                offset = std::stoll(*call.cursor);
            } catch (const std::exception&) {
                throw sdk::invalid_argument("numbers: cursor '" + *call.cursor + "' is not one of mine");
            }
        }
        sdk::Page page;
        for (std::int64_t n = offset; n < std::min(count, offset + size); ++n)
            page.records.push_back(json::object{{"id", std::to_string(n + 1)}, {"value", n + 1}});
        if (offset + size < count) page.next_cursor = std::to_string(offset + size);
        page.total = count;
        return page;
    }

    std::string greeting_;
    sdk::ApiClient client_;
};

PHOTOBRIDGE_PLUGIN(HelloPlugin, "hello", "Hello example", "1.0.0", photobridge_manifest_json)
