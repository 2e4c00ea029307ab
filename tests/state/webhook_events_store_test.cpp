// serve's durable intake in the store (state/webhook_event_store.hpp): an
// event is stored once per (workflow, event key), pending events come
// oldest first, finishing counts attempts, failed events can be put back,
// and reset forgets them. Runs on every backend (store_under_test.hpp).
#include "store_under_test.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace photobridge::state;
using photobridge::testing::StoreUnderTest;

TEST_CASE("webhook events: stored once per workflow and key, pending oldest first, finished with attempts counted") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store = under_test->open();
    const auto first = store->add_webhook_event("wf", "evt-1", R"({"id":"evt-1"})");
    CHECK_FALSE(first.duplicate);
    const auto second = store->add_webhook_event("wf", "evt-2", R"({"id":"evt-2"})");
    const auto elsewhere = store->add_webhook_event("other", "evt-1", R"({"id":"evt-1","other":true})");
    CHECK_FALSE(elsewhere.duplicate);  // keys are per workflow
    const auto again = store->add_webhook_event("wf", "evt-1", R"({"changed":true})");
    CHECK(again.duplicate);
    CHECK(again.id == first.id);

    auto pending = store->pending_webhook_events(std::nullopt);
    REQUIRE(pending.size() == 3);
    CHECK(pending[0].id == first.id);
    CHECK(pending[0].payload_json == R"({"id":"evt-1"})");  // the duplicate wrote nothing
    CHECK(pending[0].received_at.size() == 24);
    CHECK(pending[1].id == second.id);
    CHECK(pending[2].id == elsewhere.id);
    CHECK(store->pending_webhook_events(std::string("wf")).size() == 2);

    store->finish_webhook_event(first.id, WebhookEventStatus::done, "");
    store->finish_webhook_event(second.id, WebhookEventStatus::failed, "the provider said 404");
    const auto events = store->webhook_events("wf");
    REQUIRE(events.size() == 2);
    CHECK(events[0].status == WebhookEventStatus::done);
    CHECK(events[0].attempts == 1);
    CHECK(events[1].status == WebhookEventStatus::failed);
    CHECK(events[1].error == "the provider said 404");
    CHECK(store->pending_webhook_events(std::string("wf")).empty());

    const auto counts = store->webhook_event_counts();
    REQUIRE(counts.size() == 3);
    CHECK(counts[0].workflow == "other");
    CHECK(counts[0].status == WebhookEventStatus::pending);
    CHECK(counts[1].workflow == "wf");
    CHECK(counts[1].status == WebhookEventStatus::done);
    CHECK(counts[2].status == WebhookEventStatus::failed);
    CHECK(counts[2].events == 1);
    store->probe_write();
    store->probe_write();
}

TEST_CASE("webhook events: failed ones are put back by id or all, others left alone, and reset forgets them") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store = under_test->open();
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 4; ++i) ids.push_back(store->add_webhook_event("wf", "e" + std::to_string(i), "{}").id);
    store->finish_webhook_event(ids[0], WebhookEventStatus::failed, "boom");
    store->finish_webhook_event(ids[1], WebhookEventStatus::failed, "boom");
    store->finish_webhook_event(ids[2], WebhookEventStatus::done, "");

    CHECK(store->requeue_failed_webhook_events("wf", {ids[1], ids[2], 999999}) == std::vector<std::int64_t>{ids[1]});
    CHECK(store->requeue_failed_webhook_events("wf", {}) == std::vector<std::int64_t>{ids[0]});
    const auto pending = store->pending_webhook_events(std::string("wf"));
    REQUIRE(pending.size() == 3);
    CHECK(pending[0].error == "boom");  // kept until processed again
    CHECK(pending[0].attempts == 1);

    store->reset("wf");
    CHECK(store->webhook_events("wf").empty());
    CHECK(store->add_webhook_event("wf", "e0", "{}").duplicate == false);
}

TEST_CASE("webhook events: the same event delivered from eight threads at once is stored once") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    constexpr int kThreads = 8;
    constexpr int kEvents = 40;
    std::atomic<int> failures{0};
    std::atomic<int> stored{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&] {
            try {
                const auto store = under_test->open();  // a handle per thread: several processes' worth
                for (int e = 0; e < kEvents; ++e)
                    if (!store->add_webhook_event("wf", "evt-" + std::to_string(e), "{}").duplicate) ++stored;
            } catch (const std::exception& e) {
                ++failures;
                MESSAGE(std::string(e.what()));
            }
        });
    for (auto& t : threads) t.join();
    CHECK(failures == 0);
    CHECK(stored == kEvents);
    const auto store = under_test->open();
    CHECK(store->webhook_events("wf").size() == static_cast<std::size_t>(kEvents));
}
