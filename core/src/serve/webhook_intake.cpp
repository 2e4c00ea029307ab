#include "serve/webhook_intake.hpp"

#include "host/logger.hpp"

#include <photobridge/sdk/error.hpp>

namespace photobridge::serve {
namespace json = boost::json;
namespace {

HttpAnswer json_answer(int status, json::object body) { return HttpAnswer{status, json::serialize(body)}; }

HttpAnswer reject(const ServedWorkflow& served, MetricsRegistry& metrics, const std::string& why) {
    host::log_line(host::LogLevel::warn, "serve", served.workflow.name + ": webhook rejected: " + why);
    metrics.record_webhook(served.workflow.name, WebhookResult::rejected);
    return json_answer(401, {{"error", "unauthorized"}});
}

}  // namespace

HttpAnswer accept_webhook(const ServedWorkflow& served, const WebhookDelivery& delivery,
                          state::WebhookEventStore& store, MetricsRegistry& metrics) {
    const std::string& name = served.workflow.name;
    if (!served.source || !served.fetch) return json_answer(404, {{"error", "workflow '" + name + "' has no webhook trigger"}});
    if (!delivery.token || delivery.token->empty()) return reject(served, metrics, "no " + served.token_header + " header");
    if (!delivery.body.empty()) {
        // A body that is not JSON is refused as such (400), before the token
        // is checked: no provider sends one, and no secret is involved.
        boost::system::error_code ec;
        (void)json::parse(delivery.body, ec);
        if (ec) {
            host::log_line(host::LogLevel::warn, "serve", name + ": webhook refused: the body is not JSON (" + ec.message() + ")");
            metrics.record_webhook(name, WebhookResult::rejected);
            return json_answer(400, {{"error", "the body is not JSON: " + ec.message()}});
        }
    }

    json::value verdict;
    try {
        // An empty body: the verdict's payload is null, a 400 below.
        verdict = served.source->verify_webhook(*delivery.token, delivery.body, kWebhookLeewaySeconds).json;
    } catch (const host::InvokeError& e) {
        // Messages of a conforming plugin never hold the token; the status
        // name alone says enough in the log.
        return reject(served, metrics, std::string("verify_webhook: ") + sdk::status_name(e.code()));
    } catch (const std::exception&) {
        return reject(served, metrics, "verify_webhook failed");
    }
    const json::object* v = verdict.if_object();
    const json::value* valid = v != nullptr ? v->if_contains("valid") : nullptr;
    if (valid == nullptr || !valid->is_bool() || !valid->get_bool()) {
        std::string reason = "token not valid";
        if (v != nullptr)
            if (const auto* r = v->if_contains("reason"); r != nullptr && r->is_string())
                reason += " (" + std::string(r->get_string()) + ")";
        return reject(served, metrics, reason);
    }

    const json::value* payload = v->if_contains("payload");
    auto reference = read_event_reference(payload != nullptr ? *payload : json::value(nullptr), *served.fetch);
    if (const auto* why = std::get_if<std::string>(&reference)) {
        host::log_line(host::LogLevel::warn, "serve", name + ": webhook ignored: " + *why);
        metrics.record_webhook(name, WebhookResult::rejected);
        return json_answer(400, {{"error", *why}});
    }
    const EventReference& ref = std::get<EventReference>(reference);

    state::WebhookIntake intake;
    try {
        intake = store.add_webhook_event(name, ref.event_key, delivery.body);
    } catch (const std::exception& e) {
        host::log_line(host::LogLevel::error, "serve", name + ": cannot store a webhook event: " + e.what());
        return json_answer(503, {{"error", "the state store cannot take the event now; retry later"}});
    }
    if (intake.duplicate) {
        host::log_line(host::LogLevel::info, "serve", name + ": duplicate webhook delivery (" + ref.event_key + ")");
        metrics.record_webhook(name, WebhookResult::duplicate);
        return json_answer(200, {{"status", "duplicate"}, {"event", intake.id}});
    }
    host::log_line(host::LogLevel::info, "serve", name + ": webhook accepted (" + ref.event_key + ")");
    metrics.record_webhook(name, WebhookResult::accepted);
    return json_answer(202, {{"status", "accepted"}, {"event", intake.id}});
}

}  // namespace photobridge::serve
