// The event worker over a backlog: one pass settles every pending event with
// a number of store reads that does not grow with the backlog, and the queue
// depth gauge counts down event by event. The store is an in-memory test
// double that counts its calls; the events name a workflow that is not
// served, so each one is settled (failed) without a run.
#include "serve/event_worker.hpp"
#include "state/state_store.hpp"
#include "support/harness.hpp"
#include "support/test_files.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace photobridge;

namespace {

class CountingEventStore final : public state::WebhookEventStore {
public:
    state::WebhookIntake add_webhook_event(const std::string& workflow, const std::string& event_key,
                                           const std::string& payload_json) override {
        state::WebhookEvent e;
        e.id = static_cast<std::int64_t>(events_.size()) + 1;
        e.workflow = workflow;
        e.event_key = event_key;
        e.payload_json = payload_json;
        events_.push_back(e);
        return {e.id, false};
    }
    std::vector<state::WebhookEvent> pending_webhook_events(const std::optional<std::string>& workflow) override {
        ++pending_reads;
        std::vector<state::WebhookEvent> out;
        for (const auto& e : events_)
            if (e.status == state::WebhookEventStatus::pending && (!workflow || e.workflow == *workflow))
                out.push_back(e);
        return out;
    }
    void finish_webhook_event(std::int64_t id, state::WebhookEventStatus status, const std::string& error) override {
        auto& e = events_.at(static_cast<std::size_t>(id - 1));
        e.status = status;
        e.error = error;
        ++e.attempts;
    }
    std::vector<state::WebhookEvent> webhook_events(const std::string& workflow) override {
        std::vector<state::WebhookEvent> out;
        for (const auto& e : events_)
            if (e.workflow == workflow) out.push_back(e);
        return out;
    }
    std::vector<std::int64_t> requeue_failed_webhook_events(const std::string&, const std::vector<std::int64_t>&) override {
        return {};  // not used by the worker
    }
    std::vector<state::WebhookEventCount> webhook_event_counts() override { return {}; }
    std::int64_t pending_webhook_event_count() override { return 0; }
    std::vector<state::ClaimedWebhookEvent> claim_webhook_events(const std::string& holder, std::chrono::milliseconds,
                                                                 int limit, const std::optional<std::string>& workflow,
                                                                 const std::vector<std::string>&) override {
        ++claim_calls;
        std::vector<state::ClaimedWebhookEvent> out;
        for (auto& e : events_) {
            if (static_cast<int>(out.size()) == limit) break;
            if (e.status != state::WebhookEventStatus::pending || claimed_.count(e.id) || (workflow && e.workflow != *workflow))
                continue;
            claimed_[e.id] = holder;
            out.push_back({e, ""});
        }
        return out;
    }
    std::int64_t renew_webhook_event_claims(const std::string&, std::chrono::milliseconds) override { return 0; }
    void release_webhook_event(std::int64_t id) override { claimed_.erase(id); }
    std::vector<std::string> webhook_claim_holders() override { return {}; }
    std::int64_t release_webhook_claims_of(const std::string&) override { return 0; }
    bool claim_schedule_slot(const std::string&, std::int64_t, const std::string&) override { return true; }
    void probe_write() override {}

    int pending_reads = 0;
    int claim_calls = 0;

private:
    std::vector<state::WebhookEvent> events_;
    std::map<std::int64_t, std::string> claimed_;  // event id -> holder
};

}  // namespace

TEST_CASE("event worker: a backlog of 5,000 events is settled in one pass by claims alone") {
    constexpr int kBacklog = 5000;
    testing::TempDir dir;
    auto state_store = state::open_sqlite_state_store(dir.path() / "state.db");
    serve::MetricsRegistry metrics;
    CountingEventStore events;
    for (int i = 0; i < kBacklog; ++i)
        events.add_webhook_event("not-served", "event-" + std::to_string(i), R"({"id":"x"})");
    auto stop = std::make_shared<host::CancellationToken>();
    serve::WorkflowRunner runner(testing::built_plugins(), *state_store, metrics, stop,
                                 std::make_shared<host::CancellationToken>(), std::chrono::milliseconds(0));
    const std::map<std::string, serve::ServedWorkflow> workflows;  // none served: every event fails
    serve::EventClaims claims;
    claims.holder = "test-host";
    claims.batch = 64;
    serve::EventWorker worker(workflows, events, runner, metrics, stop, claims);

    CHECK(worker.process_pending() == kBacklog);
    // The worker claims batches; it never loads the whole pending list (the
    // queue depth gauge is the store's count at a scrape, not the worker's).
    CHECK(events.pending_reads == 0);
    CHECK(events.claim_calls == kBacklog / 64 + 2);  // full batches, the last partial one, the empty one
    const auto settled = events.webhook_events("not-served");
    CHECK(std::all_of(settled.begin(), settled.end(), [](const state::WebhookEvent& e) {
        return e.status == state::WebhookEventStatus::failed && e.attempts == 1;
    }));

    CHECK(worker.process_pending() == 0);  // nothing left: one empty claim, nothing settled
    CHECK(events.claim_calls == kBacklog / 64 + 3);
    CHECK(events.pending_reads == 0);
}
