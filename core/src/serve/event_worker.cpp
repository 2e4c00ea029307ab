#include "serve/event_worker.hpp"

#include "engine/retry.hpp"
#include "host/logger.hpp"

#include <photobridge/sdk/error.hpp>

namespace photobridge::serve {
namespace json = boost::json;

EventWorker::EventWorker(const std::map<std::string, ServedWorkflow>& workflows, state::WebhookEventStore& store,
                         WorkflowRunner& runner, MetricsRegistry& metrics, host::CancellationTokenPtr stop)
    : workflows_(workflows), store_(store), runner_(runner), metrics_(metrics), stop_(std::move(stop)) {}

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
            if (retry_at_) {
                if (!wakeup_.wait_until(lock, *retry_at_, ready)) woken_ = true;  // the reset time has come
                retry_at_.reset();
            } else {
                wakeup_.wait(lock, ready);
            }
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
    auto pending = store_.pending_webhook_events(only);
    metrics_.set_queue_depth(static_cast<std::int64_t>(pending.size()));
    int settled = 0;
    for (const auto& event : pending) {
        if (stop_->cancelled()) break;
        if (process(event)) {
            ++settled;
            metrics_.add_queue_depth(-1);
        }
    }
    return settled;
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
