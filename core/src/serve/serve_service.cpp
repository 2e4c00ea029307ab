#include "serve/serve_service.hpp"

#include "host/http_observer.hpp"
#include "host/logger.hpp"
#include "state/process_holder.hpp"

#include <algorithm>

namespace photobridge::serve {
namespace json = boost::json;

ServeService::ServeService(ServeOptions options, const host::PluginRegistry& registry)
    : options_(std::move(options)), registry_(registry) {
    workflows_ = load_served_workflows(options_.workflow_dir, registry_, abort_, options_.default_isolation);
    store_ = state::open_state_backend(options_.state_path);
    std::vector<std::string> names;
    for (const auto& [name, _] : workflows_) names.push_back(name);
    metrics_ = std::make_shared<MetricsRegistry>(names);
    runner_ = std::make_unique<WorkflowRunner>(registry_, *store_, *metrics_, stop_, abort_, options_.shutdown_grace);
    if (options_.event_claims.holder.empty()) options_.event_claims.holder = state::process_holder_name();
    worker_ = std::make_unique<EventWorker>(workflows_, *store_, *runner_, *metrics_, stop_, options_.event_claims);

    std::vector<ScheduledWorkflow> scheduled;
    for (const auto& [name, served] : workflows_)
        if (served.workflow.trigger.kind == model::Trigger::Kind::every)
            scheduled.push_back({name, std::chrono::seconds(served.workflow.trigger.every_seconds)});
    Clock* clock = options_.clock;
    if (clock == nullptr) {
        steady_clock_ = std::make_unique<SteadyClock>();
        clock = steady_clock_.get();
    }
    scheduler_ = std::make_unique<Scheduler>(*clock, std::move(scheduled), [this](const std::string& name) {
        if (stop_->cancelled()) return;  // stopping: no new run (the scheduler stops right after)
        try {
            const model::Workflow& workflow = workflows_.at(name).workflow;
            // One run per period across every host sharing the state: the
            // period's slot on the wall clock (a test's own clock when it
            // drives the scheduler) goes to the first host that asks.
            const auto since_epoch = options_.clock != nullptr ? options_.clock->now().time_since_epoch()
                                                               : std::chrono::system_clock::now().time_since_epoch();
            const std::int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count();
            const std::int64_t slot = seconds / std::max<std::int64_t>(1, workflow.trigger.every_seconds);
            if (!store_->claim_schedule_slot(name, slot, options_.event_claims.holder)) return;
            runner_->run(workflow);
        } catch (const std::exception& e) {
            host::log_line(host::LogLevel::error, "serve", name + ": the run could not start: " + e.what());
        }
    });
    ListenerRoutes public_routes;
    public_routes.metrics = !options_.admin_host;
    listener_ = std::make_unique<HttpListener>(options_.host, options_.port, *this, options_.listener_limits, public_routes,
                                               metrics_.get(), "public");
    if (options_.admin_host)
        admin_listener_ = std::make_unique<HttpListener>(*options_.admin_host, options_.admin_port, *this,
                                                         options_.listener_limits, ListenerRoutes{false, true, true},
                                                         metrics_.get(), "admin");
}

ServeService::~ServeService() { stop(); }

int ServeService::start() {
    if (started_) return listener_->port();
    started_ = true;
    host::set_http_observer(metrics_);
    if (options_.process_events) worker_->start();
    if (options_.run_schedules) scheduler_->start();
    if (admin_listener_) admin_listener_->start();
    return listener_->start();
}

void ServeService::stop() {
    if (stopped_) return;
    stopped_ = true;
    listener_->stop();       // no new deliveries; answered ones are committed already
    if (admin_listener_) admin_listener_->stop();
    stop_->cancel();         // runs under way stop reading and settle what is in flight
    scheduler_->stop();
    worker_->stop();
    if (auto current = host::http_observer(); current == metrics_) host::set_http_observer(nullptr);
}

namespace {
std::string url_of(const HttpListener& listener) {
    const bool ipv6 = listener.host().find(':') != std::string::npos;
    return "http://" + (ipv6 ? "[" + listener.host() + "]" : listener.host()) + ":" + std::to_string(listener.port());
}
}  // namespace

std::string ServeService::base_url() const { return url_of(*listener_); }

std::optional<std::string> ServeService::admin_url() const {
    if (!admin_listener_) return std::nullopt;
    return url_of(*admin_listener_);
}

HttpAnswer ServeService::webhook_endpoint(const std::string& workflow,
                                 const std::function<std::optional<std::string>(const std::string&)>& header,
                                 const std::string& body) {
    auto it = workflows_.find(workflow);
    if (it == workflows_.end())
        return HttpAnswer{404, json::serialize(json::object{{"error", "no workflow named '" + workflow + "' is served"}})};
    const ServedWorkflow& served = it->second;
    if (served.workflow.trigger.kind != model::Trigger::Kind::webhook)
        return HttpAnswer{404, json::serialize(json::object{{"error", "workflow '" + workflow + "' has no webhook trigger"}})};
    HttpAnswer answer = accept_webhook(served, WebhookDelivery{header(served.token_header), body}, *store_, *metrics_);
    if (answer.status == 202) worker_->wake();
    return answer;
}

HttpAnswer ServeService::healthz_endpoint() {
    json::object body;
    body["status"] = "ok";  // first key; replaced below when not ok
    body["workflows"] = static_cast<std::int64_t>(workflows_.size());
    body["queue_depth"] = static_cast<std::int64_t>(metrics_->value("photobridge_queue_depth", {}));  // the last scrape's, if the store cannot count now
    bool ok = !workflows_.empty();
    try {
        store_->probe_write();
        body["state"] = "writable";
    } catch (const std::exception& e) {
        ok = false;
        body["state"] = "not writable";
        host::log_line(host::LogLevel::error, "serve", std::string("healthz: ") + e.what());
    }
    try {
        body["queue_depth"] = store_->pending_webhook_event_count();
    } catch (const std::exception& e) {
        host::log_line(host::LogLevel::warn, "serve", std::string("healthz: cannot count webhook events: ") + e.what());
    }
    body["status"] = ok ? "ok" : "unavailable";
    return HttpAnswer{ok ? 200 : 503, json::serialize(body)};
}

HttpAnswer ServeService::metrics_endpoint() {
    try {
        metrics_->set_webhook_events(store_->webhook_event_counts());
    } catch (const std::exception& e) {
        // The counts stay as the last scrape saw them; the rest is served.
        host::log_line(host::LogLevel::warn, "serve", std::string("metrics: cannot count webhook events: ") + e.what());
    }
    return HttpAnswer{200, metrics_->render(), "text/plain; version=0.0.4; charset=utf-8"};
}

}  // namespace photobridge::serve
