#include "cli/webhook_events.hpp"

#include "cli/exit_codes.hpp"
#include "cli/plugin_loading.hpp"
#include "cli/state_arguments.hpp"
#include "state/process_holder.hpp"
#include "common/json_pretty.hpp"
#include "host/cancellation.hpp"
#include "host/signal_handling.hpp"
#include "serve/event_worker.hpp"
#include "serve/metrics_registry.hpp"
#include "serve/served_workflows.hpp"
#include "serve/workflow_runner.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <set>

namespace photobridge::cli {
namespace {

using state::WebhookEvent;
using state::WebhookEventStatus;

boost::json::object event_json(const WebhookEvent& e) {
    return {{"id", e.id},
            {"status", state::webhook_event_status_name(e.status)},
            {"event_key", e.event_key},
            {"received_at", e.received_at},
            {"attempts", e.attempts},
            {"error", e.error}};
}

void print_events(const std::vector<WebhookEvent>& events) {
    if (events.empty()) {
        std::cout << "No pending or failed webhook events.\n";
        return;
    }
    std::size_t w_key = 9;
    for (const auto& e : events) w_key = std::max(w_key, std::min<std::size_t>(e.event_key.size(), 40));
    auto col = [](std::size_t w) { return std::setw(static_cast<int>(w + 2)); };
    std::cout << std::left << col(6) << "ID" << col(8) << "STATUS" << col(w_key) << "EVENT KEY" << col(24)
              << "RECEIVED" << col(8) << "ATTEMPTS" << "ERROR\n";
    for (const auto& e : events)
        std::cout << std::left << col(6) << e.id << col(8) << state::webhook_event_status_name(e.status) << col(w_key)
                  << one_line(e.event_key, 40) << col(24) << e.received_at << col(8) << e.attempts
                  << one_line(e.error, 200) << "\n";
}

// The workflow's events that are not done, or only the failed ones; with
// `ids`, only those (each must be one of the workflow's events).
std::vector<WebhookEvent> selected(state::StateBackend& store, const std::string& workflow, bool failed_only,
                                   const std::vector<std::int64_t>& ids) {
    std::vector<WebhookEvent> all = store.webhook_events(workflow);
    for (const auto id : ids)
        if (std::none_of(all.begin(), all.end(), [id](const auto& e) { return e.id == id; }))
            throw UsageError("workflow '" + workflow + "' has no webhook event with id " + std::to_string(id));
    const std::set<std::int64_t> wanted(ids.begin(), ids.end());
    std::vector<WebhookEvent> out;
    for (auto& e : all) {
        if (e.status == WebhookEventStatus::done) continue;
        if (failed_only && e.status != WebhookEventStatus::failed) continue;
        if (!wanted.empty() && wanted.count(e.id) == 0) continue;
        out.push_back(std::move(e));
    }
    return out;
}

int retry(const GlobalOptions& globals, const StateOptions& o, const WorkflowArgument& w,
          state::StateBackend& store) {
    const host::PluginRegistry registry = load_registry(globals);
    auto stop = std::make_shared<host::CancellationToken>();
    auto abort = std::make_shared<host::CancellationToken>();
    std::map<std::string, serve::ServedWorkflow> served;
    try {
        served.emplace(w.name, serve::load_served_workflow(w.file, registry, abort));
    } catch (const serve::ServeSetupError& e) {
        for (const auto& line : e.lines()) std::cerr << line << "\n";
        return kExitUsage;
    }
    if (!served.at(w.name).fetch)
        throw UsageError(w.file + ": workflow '" + w.name + "' has no [trigger] webhook: it has no webhook events to run");

    const std::vector<std::int64_t> requeued = store.requeue_failed_webhook_events(w.name, o.ids);
    serve::MetricsRegistry metrics({w.name});
    serve::WorkflowRunner runner(registry, store, metrics, stop, abort, std::chrono::milliseconds(10000));
    serve::EventClaims claims;
    claims.holder = state::process_holder_name();
    serve::EventWorker worker(served, store, runner, metrics, stop, claims);
    bool interrupted = false;
    {
        host::SignalScope signals(stop, abort);
        worker.process_pending(w.name);
        interrupted = signals.interrupted();
    }
    std::vector<WebhookEvent> after;
    for (auto& e : store.webhook_events(w.name))
        if (std::find(requeued.begin(), requeued.end(), e.id) != requeued.end()) after.push_back(std::move(e));
    const auto still_failed = std::count_if(after.begin(), after.end(),
                                            [](const auto& e) { return e.status == WebhookEventStatus::failed; });
    if (o.json) {
        boost::json::array list;
        for (const auto& e : after) list.push_back(event_json(e));
        std::cout << common::pretty_json(boost::json::object{{"workflow", w.name}, {"retried", list}});
    } else {
        std::cout << "Retried " << requeued.size() << " failed webhook event" << (requeued.size() == 1 ? "" : "s")
                  << " of workflow '" << w.name << "': " << (static_cast<std::int64_t>(after.size()) - still_failed)
                  << " done, " << still_failed << " failed again.\n";
        if (still_failed > 0) print_events(selected(store, w.name, true, {}));
    }
    if (interrupted) return kExitInterrupted;
    return still_failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace

int webhook_events(const GlobalOptions& globals, const StateOptions& o) {
    const WorkflowArgument w = resolve_workflow(o.workflow);
    if (o.retry && w.file.empty())
        throw UsageError("--retry needs the workflow file (its connections and steps), not the name '" + w.name + "'");
    auto store = open_existing(o.state_path);
    require_known(store.get(), o.state_path, w);
    if (o.retry) return retry(globals, o, w, *store);
    const std::vector<WebhookEvent> events = selected(*store, w.name, o.failed_only, o.ids);
    if (o.json) {
        boost::json::array list;
        for (const auto& e : events) list.push_back(event_json(e));
        std::cout << common::pretty_json(boost::json::object{{"workflow", w.name}, {"events", list}});
    } else {
        print_events(events);
    }
    return kExitOk;
}

}  // namespace photobridge::cli
