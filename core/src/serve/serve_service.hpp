// `photobridge serve`: the long-lived service. Owns the served workflows,
// the state store, the metrics, the webhook event worker, the scheduler and
// the HTTP listener, and wires them together:
//
//   POST /hooks/<name> ──► accept_webhook ──► webhook_events (committed) ──► 202
//                                                  │ wake
//                             EventWorker ◄────────┘ ──► WorkflowRunner ──► engine::run_workflow
//   Scheduler (every) ──────────────────────────────────► WorkflowRunner
//
// Thread contract: construct, start() and stop() on one thread; the
// endpoints run on the listener's threads.
#pragma once

#include "host/plugin_registry.hpp"
#include "serve/clock.hpp"
#include "serve/event_worker.hpp"
#include "serve/http_listener.hpp"
#include "serve/metrics_registry.hpp"
#include "serve/scheduler.hpp"
#include "serve/served_workflows.hpp"
#include "serve/workflow_runner.hpp"
#include "state/state_backend.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace photobridge::serve {

struct ServeOptions {
    std::filesystem::path workflow_dir;
    std::string state_path = ".photobridge/state.db";  // a SQLite path or a postgresql:// URI (secret)
    std::string host = "127.0.0.1";
    int port = 8080;                       // 0: any free port
    bool process_events = true;            // false: accept and store webhooks, never run them (tests)
    bool run_schedules = true;             // false: `every` triggers are not run
    Clock* clock = nullptr;                // the scheduler's time; null: the steady clock
    std::chrono::milliseconds shutdown_grace{10000};  // in-flight requests after a stop, then cancelled
    ListenerLimits listener_limits;        // deadlines and caps of both listeners
    // --admin-listen: /healthz and /metrics on their own listener (port 0:
    // any free one); the public listener then answers webhooks and /healthz.
    std::optional<std::string> admin_host;
    int admin_port = 0;
    // Sharing the store with other serve processes: the worker's claims
    // (holder "": this process's name, state/process_holder.hpp).
    EventClaims event_claims;
    // --isolation: where the plugins of connections without `isolation` run.
    model::Isolation default_isolation = model::Isolation::in_process;
};

class ServeService final : public ServeEndpoints {
public:
    // Loads and validates DIR (throws ServeSetupError: exit 2), opens the
    // state store (throws std::runtime_error). Nothing runs yet.
    ServeService(ServeOptions options, const host::PluginRegistry& registry);
    ~ServeService() override;  // stop()

    // Starts the worker (pending events first), the scheduler and the
    // listener. Returns the port. Throws when the address cannot be bound.
    int start();
    // Stops accepting, interrupts runs under way (they checkpoint; their
    // events stay pending), waits for the threads. Idempotent.
    void stop();

    std::string base_url() const;
    // The admin listener's URL; nullopt without admin_host.
    std::optional<std::string> admin_url() const;
    MetricsRegistry& metrics() noexcept { return *metrics_; }
    state::StateBackend& store() noexcept { return *store_; }
    const std::map<std::string, ServedWorkflow>& workflows() const noexcept { return workflows_; }
    // The stop token shared by every run (cancelled by stop()).
    const host::CancellationTokenPtr& stop_token() const noexcept { return stop_; }
    const host::CancellationTokenPtr& abort_token() const noexcept { return abort_; }

private:
    HttpAnswer webhook_endpoint(const std::string& workflow,
                       const std::function<std::optional<std::string>(const std::string&)>& header,
                       const std::string& body) override;
    HttpAnswer healthz_endpoint() override;
    HttpAnswer metrics_endpoint() override;

    ServeOptions options_;
    const host::PluginRegistry& registry_;
    host::CancellationTokenPtr stop_ = std::make_shared<host::CancellationToken>();
    host::CancellationTokenPtr abort_ = std::make_shared<host::CancellationToken>();
    std::map<std::string, ServedWorkflow> workflows_;
    std::unique_ptr<state::StateBackend> store_;
    std::shared_ptr<MetricsRegistry> metrics_;
    std::unique_ptr<SteadyClock> steady_clock_;
    std::unique_ptr<WorkflowRunner> runner_;
    std::unique_ptr<EventWorker> worker_;
    std::unique_ptr<Scheduler> scheduler_;
    std::unique_ptr<HttpListener> listener_;
    std::unique_ptr<HttpListener> admin_listener_;  // null without admin_host
    bool started_ = false;
    bool stopped_ = false;
};

}  // namespace photobridge::serve
