#include "serve/metrics_registry.hpp"

#include "state/lease_counters.hpp"

#include <array>
#include <cstdio>
#include <optional>
#include <string_view>

namespace photobridge::serve {
namespace {

struct Family {
    const char* name;
    const char* type;
    const char* help;
};

// In exposition order.
constexpr std::array kFamilies{
    Family{"photobridge_records_read_total", "counter", "Records read by the workflow's runs (webhook records included)."},
    Family{"photobridge_records_synced_total", "counter", "Records written to at least one sink (or found there)."},
    Family{"photobridge_records_skipped_total", "counter", "Records with nothing to write (unchanged, filtered, routed away)."},
    Family{"photobridge_records_failed_total", "counter", "Records that failed (dead-lettered or skipped on error)."},
    Family{"photobridge_runs_total", "counter", "Finished runs by outcome."},
    Family{"photobridge_http_requests_total", "counter",
           "HTTP requests plugins sent through the host, by provider and response status (\"error\": no response)."},
    Family{"photobridge_retries_total", "counter", "Plugin calls retried after a transient failure."},
    Family{"photobridge_queue_depth", "gauge", "Pending webhook events in the state store (all hosts), counted at this scrape."},
    Family{"photobridge_webhooks_total", "counter", "Webhook deliveries by result (accepted, rejected, duplicate)."},
    Family{"photobridge_webhook_events", "gauge",
           "Webhook events in the state by status (pending, failed: see photobridge state events)."},
    Family{"photobridge_listener_connections", "gauge", "Open HTTP connections by listener (public, admin)."},
    Family{"photobridge_listener_shed_total", "counter",
           "Connections or requests answered 503 with Retry-After at a listener cap, by reason (connections, peer, "
           "body_bytes, busy)."},
    Family{"photobridge_listener_timeouts_total", "counter",
           "Connections closed at a listener deadline, by phase (headers, body, write)."},
    Family{"photobridge_leases_held", "gauge", "Workflow leases (run locks) this process holds now."},
    Family{"photobridge_leases_rescued_total", "counter",
           "Workflow leases this process took over from a holder that died or stopped renewing."},
    Family{"photobridge_leases_lost_total", "counter",
           "Workflow leases taken away from this process by another host (its run was stopped)."},
    Family{"photobridge_webhook_events_rescued_total", "counter",
           "Webhook events this process claimed after another host's claim on them expired."},
};

// The lease families, read from the state room's process-wide counters.
std::optional<double> lease_value(std::string_view family) {
    const auto& c = state::lease_counters();
    if (family == "photobridge_leases_held") return static_cast<double>(c.held.load());
    if (family == "photobridge_leases_rescued_total") return static_cast<double>(c.rescued.load());
    if (family == "photobridge_leases_lost_total") return static_cast<double>(c.lost.load());
    return std::nullopt;
}

const char* result_name(WebhookResult r) {
    switch (r) {
        case WebhookResult::accepted: return "accepted";
        case WebhookResult::rejected: return "rejected";
        case WebhookResult::duplicate: return "duplicate";
    }
    return "unknown";
}

std::string format_value(double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

}  // namespace

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

MetricsRegistry::MetricsRegistry(const std::vector<std::string>& workflows) {
    std::lock_guard lock(mutex_);
    samples_["photobridge_queue_depth"][{}] = 0;
    for (const auto& w : workflows) {
        for (const char* f : {"photobridge_records_read_total", "photobridge_records_synced_total",
                              "photobridge_records_skipped_total", "photobridge_records_failed_total",
                              "photobridge_retries_total"})
            samples_[f][{{"workflow", w}}] += 0;
    }
}

void MetricsRegistry::add(const std::string& family, const Labels& labels, double amount) {
    std::lock_guard lock(mutex_);
    samples_[family][labels] += amount;
}

void MetricsRegistry::set_webhook_events(const std::vector<state::WebhookEventCount>& counts) {
    std::lock_guard lock(mutex_);
    auto& family = samples_["photobridge_webhook_events"];
    for (auto& [labels, value] : family) value = 0;  // a status that emptied shows 0, not its old count
    std::int64_t pending = 0;
    for (const auto& c : counts) {
        if (c.status == state::WebhookEventStatus::pending) pending += c.events;
        if (c.status == state::WebhookEventStatus::done) continue;
        family[{{"workflow", c.workflow}, {"status", state::webhook_event_status_name(c.status)}}] =
            static_cast<double>(c.events);
    }
    samples_["photobridge_queue_depth"][{}] = static_cast<double>(pending);
}

void MetricsRegistry::record_run(const engine::RunSummary& s) {
    const Labels w{{"workflow", s.workflow}};
    add("photobridge_records_read_total", w, static_cast<double>(s.read));
    add("photobridge_records_synced_total", w, static_cast<double>(s.synced));
    add("photobridge_records_skipped_total", w, static_cast<double>(s.skipped));
    add("photobridge_records_failed_total", w, static_cast<double>(s.failed));
    add("photobridge_retries_total", w, static_cast<double>(s.retries));
    add("photobridge_runs_total", {{"workflow", s.workflow}, {"outcome", s.outcome}}, 1);
}

void MetricsRegistry::record_webhook_event_rescued() { add("photobridge_webhook_events_rescued_total", {}, 1); }

void MetricsRegistry::record_webhook(const std::string& workflow, WebhookResult result) {
    add("photobridge_webhooks_total", {{"workflow", workflow}, {"result", result_name(result)}}, 1);
}

void MetricsRegistry::on_http_response(std::string_view provider, int http_status, std::int32_t) noexcept {
    try {
        add("photobridge_http_requests_total",
            {{"provider", std::string(provider)}, {"status", http_status > 0 ? std::to_string(http_status) : "error"}}, 1);
    } catch (...) {
        // Counting must never fail a request.
    }
}

void MetricsRegistry::set(const std::string& family, const Labels& labels, double value) {
    std::lock_guard lock(mutex_);
    samples_[family][labels] = value;
}

void MetricsRegistry::on_listener_connections(std::string_view listener, std::size_t open) noexcept {
    try {
        set("photobridge_listener_connections", {{"listener", std::string(listener)}}, static_cast<double>(open));
    } catch (...) {
        // Counting must never fail a connection.
    }
}

void MetricsRegistry::on_listener_shed(std::string_view listener, std::string_view reason) noexcept {
    try {
        add("photobridge_listener_shed_total", {{"listener", std::string(listener)}, {"reason", std::string(reason)}}, 1);
    } catch (...) {
    }
}

void MetricsRegistry::on_listener_timeout(std::string_view listener, std::string_view phase) noexcept {
    try {
        add("photobridge_listener_timeouts_total", {{"listener", std::string(listener)}, {"phase", std::string(phase)}}, 1);
    } catch (...) {
    }
}

double MetricsRegistry::value(const std::string& family, const std::map<std::string, std::string>& labels) const {
    if (const auto lease = lease_value(family)) return *lease;
    std::lock_guard lock(mutex_);
    auto f = samples_.find(family);
    if (f == samples_.end()) return 0;
    auto v = f->second.find(labels);
    return v == f->second.end() ? 0 : v->second;
}

std::string MetricsRegistry::render() const {
    std::string out;
    std::lock_guard lock(mutex_);
    for (const Family& family : kFamilies) {
        out += std::string("# HELP ") + family.name + " " + family.help + "\n";
        out += std::string("# TYPE ") + family.name + " " + family.type + "\n";
        if (const auto lease = lease_value(family.name)) {
            out += std::string(family.name) + " " + format_value(*lease) + "\n";
            continue;
        }
        auto f = samples_.find(family.name);
        if (f == samples_.end()) continue;
        for (const auto& [labels, value] : f->second) {
            out += family.name;
            if (!labels.empty()) {
                out += "{";
                bool first = true;
                for (const auto& [k, v] : labels) {
                    if (!first) out += ",";
                    first = false;
                    out += k + "=\"" + escape_label_value(v) + "\"";
                }
                out += "}";
            }
            out += " " + format_value(value) + "\n";
        }
    }
    return out;
}

}  // namespace photobridge::serve
