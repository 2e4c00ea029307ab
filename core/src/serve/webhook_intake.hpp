// POST /hooks/<workflow>: authenticates a delivery with the source plugin's
// verify_webhook operation and, when it is genuine and names a record,
// commits it to the durable intake (state::WebhookEventStore) before the
// answer. No provider is called: verification is local.
//
//   401 {"error":"unauthorized"}   missing/malformed/forged/expired token, alg
//                                   other than the plugin accepts: nothing stored
//   400 {"error":"..."}            genuine, but the body names no record: nothing stored
//   202 {"status":"accepted","event":ID}    stored, pending
//   200 {"status":"duplicate","event":ID}   the same event was stored before: nothing new
//   503 {"error":"..."}            the state store refused the write (the sender should retry)
//
// Rejections are logged with the reason but never the token.
// Thread contract: [any-thread] (called on the HTTP server's threads).
#pragma once

#include "serve/metrics_registry.hpp"
#include "serve/served_workflows.hpp"
#include "state/webhook_event_store.hpp"

#include <boost/json.hpp>

#include <optional>
#include <string>

namespace photobridge::serve {

struct HttpAnswer {
    int status = 200;
    std::string body;                                  // JSON text unless content_type says otherwise
    std::string content_type = "application/json";
};

struct WebhookDelivery {
    std::optional<std::string> token;  // the token header's value; nullopt when absent
    std::string body;                  // raw request body
};

// Clock skew allowed for exp and nbf.
inline constexpr int kWebhookLeewaySeconds = 30;

HttpAnswer accept_webhook(const ServedWorkflow& served, const WebhookDelivery& delivery,
                          state::WebhookEventStore& store, MetricsRegistry& metrics);

}  // namespace photobridge::serve
