// The counters behind GET /metrics, rendered in the Prometheus text
// exposition format (version 0.0.4): one # HELP and one # TYPE line per
// metric family, then one sample per label set.
//
//   photobridge_records_read_total{workflow}      counter  records the runs read (webhook records included)
//   photobridge_records_synced_total{workflow}    counter
//   photobridge_records_skipped_total{workflow}   counter
//   photobridge_records_failed_total{workflow}    counter
//   photobridge_runs_total{workflow,outcome}      counter  finished runs by outcome (ok, partial, failed, interrupted)
//   photobridge_http_requests_total{provider,status} counter  plugin HTTP requests; status "error" when no response
//   photobridge_retries_total{workflow}           counter  retried plugin calls
//   photobridge_queue_depth                       gauge    pending webhook events in the state store, counted at each scrape
//   photobridge_webhooks_total{workflow,result}   counter  result = accepted | rejected | duplicate
//   photobridge_listener_connections{listener}    gauge    open connections (listener = public | admin)
//   photobridge_listener_shed_total{listener,reason}   counter  connections or requests answered 503 at a cap
//   photobridge_listener_timeouts_total{listener,phase} counter  connections cut at a deadline (headers, body, write)
//
// Record counters move when a run finishes (from its summary), not record by
// record. Label values are escaped as the format requires.
//
// Thread contract: every member is [any-thread]. As a host::HttpObserver it
// is called from plugin threads.
#pragma once

#include "state/webhook_event_store.hpp"

#include "engine/run_engine.hpp"
#include "host/http_observer.hpp"
#include "serve/listener_limits.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace photobridge::serve {

enum class WebhookResult { accepted, rejected, duplicate };

class MetricsRegistry final : public host::HttpObserver, public ListenerObserver {
public:
    // Workflows listed here get zero samples from the start (so a scrape
    // before the first run already shows them).
    explicit MetricsRegistry(const std::vector<std::string>& workflows = {});

    void record_run(const engine::RunSummary& summary);
    void record_webhook(const std::string& workflow, WebhookResult result);
    // The gauges the state store counts, from its counts at a scrape:
    // photobridge_webhook_events (pending and failed events per workflow;
    // done ones are left out) and photobridge_queue_depth (every pending
    // event, whichever host accepted it). Nothing counts them in between,
    // so they never drift from the store.
    void set_webhook_events(const std::vector<state::WebhookEventCount>& counts);
    // A webhook event claimed after another host's claim on it expired.
    void record_webhook_event_rescued();

    void on_http_response(std::string_view provider, int http_status, std::int32_t transport_status) noexcept override;

    void on_listener_connections(std::string_view listener, std::size_t open) noexcept override;
    void on_listener_shed(std::string_view listener, std::string_view reason) noexcept override;
    void on_listener_timeout(std::string_view listener, std::string_view phase) noexcept override;

    // The whole exposition, ending with a newline.
    std::string render() const;

    // One sample's value, for tests: e.g. ("photobridge_records_synced_total",
    // {{"workflow","w"}}). 0 when never set.
    double value(const std::string& family, const std::map<std::string, std::string>& labels) const;

private:
    using Labels = std::map<std::string, std::string>;
    void add(const std::string& family, const Labels& labels, double amount);
    void set(const std::string& family, const Labels& labels, double value);

    mutable std::mutex mutex_;
    std::map<std::string, std::map<Labels, double>> samples_;  // family -> labels -> value
};

// Escapes a label value: backslash, double quote and newline.
std::string escape_label_value(std::string_view value);

}  // namespace photobridge::serve
