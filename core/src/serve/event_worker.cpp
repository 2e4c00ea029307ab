#include "serve/event_worker.hpp"

#include "engine/retry.hpp"
#include "host/logger.hpp"
#include "state/process_holder.hpp"

#include <photobridge/sdk/error.hpp>

namespace photobridge::serve {
namespace json = boost::json;

EventWorker::EventWorker(const std::map<std::string, ServedWorkflow>& workflows, state::WebhookEventStore& store,
                         WorkflowRunner& runner, MetricsRegistry& metrics, host::CancellationTokenPtr stop,
                         EventClaims claims)
    : workflows_(workflows),
      store_(store),
      runner_(runner),
      metrics_(metrics),
      stop_(std::move(stop)),
      claims_(std::move(claims)) {}

EventWorker::~EventWorker() { stop(); }

void EventWorker::start() {
    if (thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stopping_ = false;
        woken_ = true;  // whatever is pending already
    }
    thread_ = std::thread([this] { loop(); });
}

void EventWorker::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wakeup_.notify_all();
}

void EventWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wakeup_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void EventWorker::loop() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            const auto ready = [&] { return woken_ || stopping_; };
            // Woken by this host's intake, by a deferred run's reset time,
            // or by the poll for events other hosts accepted.
            auto until = std::chrono::system_clock::now() + claims_.poll_interval;
            if (retry_at_ && *retry_at_ < until) until = *retry_at_;
            if (!wakeup_.wait_until(lock, until, ready)) woken_ = true;
            if (retry_at_ && std::chrono::system_clock::now() >= *retry_at_) retry_at_.reset();
            if (stopping_) return;
            woken_ = false;
        }
        try {
            process_pending();
        } catch (const std::exception& e) {
            // The store could not be read: try again at the next wake-up.
            host::log_line(host::LogLevel::error, "serve", std::string("webhook events: ") + e.what());
        }
    }
}

int EventWorker::process_pending(const std::optional<std::string>& only) {
    deferred_workflows_.clear();
    release_claims_of_dead_local_holders();
    claims_renewed_at_ = std::chrono::steady_clock::now();
    int settled = 0;
    while (!stop_->cancelled()) {
        const std::vector<std::string> skip(deferred_workflows_.begin(), deferred_workflows_.end());
        const auto batch = store_.claim_webhook_events(claims_.holder, claims_.lease, claims_.batch, only, skip);
        if (batch.empty()) break;
        for (const auto& claimed : batch) {
            const state::WebhookEvent& event = claimed.event;
            if (!claimed.previous_holder.empty()) {
                metrics_.record_webhook_event_rescued();
                host::log_line(host::LogLevel::warn, "serve",
                               event.workflow + ": webhook event " + std::to_string(event.id) +
                                   " taken over from " + claimed.previous_holder + ", whose claim expired");
            }
            if (!stop_->cancelled() && process(event)) {
                ++settled;
            } else {
                store_.release_webhook_event(event.id);  // stays pending, for this host or another
            }
            renew_claims_when_due();
        }
    }
    return settled;
}

void EventWorker::release_claims_of_dead_local_holders() {
    for (const std::string& holder : store_.webhook_claim_holders()) {
        if (holder == claims_.holder || !state::is_dead_local_holder(holder)) continue;
        const auto released = store_.release_webhook_claims_of(holder);
        host::log_line(host::LogLevel::info, "serve",
                       "gave back " + std::to_string(released) + " webhook event claim(s) of " + holder +
                           ", which no longer runs");
    }
}

void EventWorker::renew_claims_when_due() {
    const auto now = std::chrono::steady_clock::now();
    if (now - claims_renewed_at_ < claims_.lease / 3) return;
    store_.renew_webhook_event_claims(claims_.holder, claims_.lease);
    claims_renewed_at_ = now;
}

bool EventWorker::process(const state::WebhookEvent& event) {
    if (deferred_workflows_.count(event.workflow) != 0) return false;  // its run was deferred in this pass
    const auto fail = [&](const std::string& why) {
        host::log_line(host::LogLevel::error, "serve",
                       event.workflow + ": webhook event " + std::to_string(event.id) + " failed: " + why);
        store_.finish_webhook_event(event.id, state::WebhookEventStatus::failed, why);
        return true;
    };
    auto it = workflows_.find(event.workflow);
    if (it == workflows_.end() || !it->second.source || !it->second.fetch)
        return fail("workflow '" + event.workflow + "' is not served with a webhook trigger");
    const ServedWorkflow& served = it->second;
    const model::Workflow& wf = served.workflow;

    boost::system::error_code ec;
    const json::value payload = json::parse(event.payload_json, ec);
    if (ec) return fail("the stored payload is not JSON");
    auto reference = read_event_reference(payload, *served.fetch);
    if (const auto* why = std::get_if<std::string>(&reference)) return fail(*why);
    const std::string& record_id = std::get<EventReference>(reference).record_id;

    json::value record;
    try {
        engine::Backoff backoff(wf.policy.retry);
        const json::object input{{served.fetch->id_param, record_id}};
        record = engine::call_with_retries(backoff, stop_.get(), {}, [&] {
            return served.source->invoke(served.fetch->operation, input).json;
        });
    } catch (const host::InvokeError& e) {
        if (e.code() == PB_ERR_CANCELLED && stop_->cancelled()) return false;  // stays pending
        std::string why = served.fetch->operation + " " + record_id + ": " + sdk::status_name(e.code());
        if (e.http_status() != 0) why += " (HTTP " + std::to_string(e.http_status()) + ")";
        return fail(why + ": " + served.source->redactor().redact(e.what()));
    }
    if (!record.is_object()) return fail(served.fetch->operation + " did not return a record");

    engine::RunSummary summary;
    try {
        summary = runner_.run(wf, json::array{std::move(record)});
    } catch (const std::exception& e) {
        return fail(std::string("the run could not start: ") + served.source->redactor().redact(e.what()));
    }
    if (summary.outcome == state::run_outcome::interrupted) return false;  // stays pending: processed again at the next start
    if (summary.outcome == state::run_outcome::deferred) {
        // Stays pending; processed again when the provider's limit resets.
        host::log_line(host::LogLevel::warn, "serve",
                       event.workflow + ": webhook event " + std::to_string(event.id) + " deferred until " +
                           summary.resume_at + ": " + summary.failure);
        deferred_workflows_.insert(event.workflow);  // its other events wait too
        std::lock_guard lock(mutex_);
        if (!retry_at_ || summary.resume_time < *retry_at_) retry_at_ = summary.resume_time;
        return false;
    }
    if (summary.outcome == state::run_outcome::failed) return fail(summary.failure);
    store_.finish_webhook_event(event.id, state::WebhookEventStatus::done, "");
    return true;
}

}  // namespace photobridge::serve
