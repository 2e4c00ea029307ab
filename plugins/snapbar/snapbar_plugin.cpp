// The snapbar plugin: Snapbar Scale Headshots API v2 (docs:
// snapbar-scale-headshots.postman_collection.json). Streams contacts and
// submissions; operations on contacts, submissions and studio sessions,
// download_media for submission photos, verify_webhook for webhook JWTs.
#include <photobridge/sdk.hpp>

#include "snapbar_errors.hpp"
#include "snapbar_manifest.hpp"  // generated from manifest.json by photobridge_add_plugin
#include "snapbar_records.hpp"
#include "snapbar_requests.hpp"
#include "snapbar_webhook.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace photobridge::plugins::snapbar {

namespace json = boost::json;
namespace ja = sdk::json_access;

namespace {

std::string text(const json::object& o, std::string_view key) { return std::string(o.at(key).as_string()); }

std::optional<std::string> optional_text(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return std::string(v->get_string());
}

}  // namespace

// Handlers only read members set in the constructor, so concurrent invoke()
// calls on one instance are safe.
class SnapbarPlugin : public sdk::Plugin {
public:
    // `config` is validated against manifest.json with defaults applied:
    // base_url, token and timeout_ms are present; webhook_secret may not be.
    SnapbarPlugin(sdk::Host host, const json::object& config)
        : sdk::Plugin(host),
          webhook_secret_(optional_text(config, "webhook_secret")),
          client_(host, sdk::ApiClientOptions::from_config(config, kProvider, sdk::auth::bearer("token"),
                                                           read_failure)) {

        stream("contacts", [this](const sdk::StreamCall& c) { return contacts(c); });
        stream("submissions", [this](const sdk::StreamCall& c) { return submissions(c); });
        operation("get_contact", [this](const sdk::Call& c) { return get_contact(c); });
        operation("create_contact", [this](const sdk::Call& c) { return create_contact(c); });
        operation("update_contact", [this](const sdk::Call& c) { return update_contact(c); });
        operation("get_submission", [this](const sdk::Call& c) { return get_submission(c); });
        operation("create_studio_session", [this](const sdk::Call& c) { return create_studio_session(c); });
    }

    // The media-download extension (and its 1.0 operation, download_media).
    sdk::Result download_media(const sdk::Call& call) const { return sdk::download_media(client_, call); }

    // The webhook-verifier extension (and its 1.0 operation, verify_webhook).
    static constexpr const char* kWebhookTokenHeader = "X-Authenticity-Token";

    // Adds `payload` (the body parsed as JSON, null without a body) to the
    // verdict. The docs do not say the JWT covers the body, so a valid token
    // authenticates the sender, not these bytes.
    sdk::Result verify_webhook(const sdk::Call& call) const {
        if (!webhook_secret_)
            throw sdk::invalid_argument("snapbar: verify_webhook needs the webhook_secret config key");
        const auto now =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        json::object verdict = verify_webhook_token(WebhookCheck{
            .token = call.input.at("token").as_string(),
            .secret = *webhook_secret_,
            .now_s = static_cast<std::int64_t>(now),
            .leeway_s = call.input.at("leeway_seconds").to_number<std::int64_t>(),
        });
        json::value payload = nullptr;
        if (const auto* b = call.input.if_contains("body")) {
            boost::system::error_code ec;
            payload = json::parse(b->as_string(), ec);
            if (ec) throw sdk::invalid_argument("snapbar: verify_webhook: body is not JSON (" + ec.message() + ")");
        }
        verdict["payload"] = std::move(payload);
        return {std::move(verdict), {}};
    }

    // The sink-lookup extension: a created contact is found by its email
    // (GET /contacts?email=..., one page per call); create_studio_session
    // has no way to be found and stays at least once.
    bool can_find_write(std::string_view action, const json::object& input) const {
        const auto* email = input.if_contains("email");
        return action == "create_contact" && email != nullptr && email->is_string() && !email->get_string().empty();
    }
    sdk::FoundWrite find_write(std::string_view, const sdk::LookupCall& call) const {
        const std::string email(call.input.at("email").as_string());
        const json::object params{{"email", email}};
        const auto sizes = call.manifest->page_size("contacts");
        const sdk::Page page = contacts(sdk::StreamCall{params, call.cursor, sizes ? std::optional(sizes->maximum) : std::nullopt,
                                                        call.host, sizes});
        for (const auto& record : page.records) {
            const auto* raw = record.as_object().if_contains("raw");
            const auto* found = raw != nullptr && raw->is_object() ? raw->as_object().if_contains("email") : nullptr;
            if (found != nullptr && found->is_string() && sdk::iequals(found->get_string(), email)  /* emails compare without ASCII case */)
                return sdk::FoundWrite::at(ja::scalar_text(record.as_object().at("id"), "id"));
        }
        if (page.next_cursor) return sdk::FoundWrite::look_further(*page.next_cursor);
        return sdk::FoundWrite::nothing();
    }

private:
    // One page of GET /<collection>: records under `collection`, cursor from
    // page_info. Snapbar's page_info.count is the page's size, not a total.
    template <typename Map>
    sdk::Page list_page(const sdk::StreamCall& call, std::string_view collection,
                        sdk::Query (*query)(const json::object&, const PagePosition&), Map map) const {
        const PagePosition at = page_position(call);
        const std::string what = "list " + std::string(collection);
        const std::string url = client_.url({collection}, query(call.params, at));
        const json::value body = client_.get_json(what, url);
        const std::string where = "snapbar " + std::string(collection);
        const json::array& items = ja::require_array(body, collection, where);
        sdk::Page page;
        page.records.reserve(items.size());
        for (std::size_t i = 0; i < items.size(); ++i)
            page.records.push_back(map(items[i], where + "[" + std::to_string(i) + "]"));
        page.next_cursor = next_cursor(body, at, where);
        return page;
    }

    sdk::Page contacts(const sdk::StreamCall& call) const {
        return list_page(call, "contacts", &contacts_query, &contact_record);
    }

    sdk::Page submissions(const sdk::StreamCall& call) const {
        return list_page(call, "submissions", &submissions_query, &submission_record);
    }

    sdk::Result get_contact(const sdk::Call& call) const {
        const json::value body =
            client_.get_json("get_contact", client_.url({"contacts", text(call.input, "contact_id")}));
        return {contact_record(body, "snapbar get_contact"), {}};
    }

    // studio_ids is required by the schema (the docs: "associate with one or
    // more studios"); an empty list is still sent so that Snapbar's own 422
    // "At least one studio is required" is the one answer to it.
    sdk::Result create_contact(const sdk::Call& call) const {
        const json::value body =
            client_.send_json("create_contact", "POST", client_.url({"contacts"}), contact_body(call.input));
        return {contact_record(body, "snapbar create_contact"), {}};
    }

    sdk::Result update_contact(const sdk::Call& call) const {
        const json::value body =
            client_.send_json("update_contact", "PUT", client_.url({"contacts", text(call.input, "contact_id")}),
                              contact_body(call.input));
        return {contact_record(body, "snapbar update_contact"), {}};
    }

    sdk::Result get_submission(const sdk::Call& call) const {
        const json::value body =
            client_.get_json("get_submission", client_.url({"submissions", text(call.input, "submission_id")}));
        return {submission_record(body, "snapbar get_submission"), {}};
    }

    // Returns {studio_session_url, contact_id, raw}.
    sdk::Result create_studio_session(const sdk::Call& call) const {
        const json::object request{{"email", call.input.at("email")}, {"studio_id", call.input.at("studio_id")}};
        const json::value body =
            client_.send_json("create_studio_session", "POST", client_.url({"studio_sessions"}), request);
        const std::string where = "snapbar create_studio_session";
        json::object out;
        out["studio_session_url"] = ja::require_string(body, "studio_session_url", where);
        const auto* contact_id = ja::find(body, "contact_id");
        out["contact_id"] = contact_id == nullptr || contact_id->is_null()
                                ? json::value(nullptr)
                                : json::value(require_id(body, "contact_id", where));
        out["raw"] = body;
        return {std::move(out), {}};
    }

    std::optional<std::string> webhook_secret_;
    sdk::ApiClient client_;
};

}  // namespace photobridge::plugins::snapbar

PHOTOBRIDGE_PLUGIN(photobridge::plugins::snapbar::SnapbarPlugin, "snapbar", "Snapbar Scale Headshots", "1.0.0",
                   photobridge_manifest_json)
