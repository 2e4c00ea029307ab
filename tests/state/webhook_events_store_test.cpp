// serve's durable intake in the store (state/webhook_event_store.hpp): an
// event is stored once per (workflow, event key), pending events come
// oldest first, finishing counts attempts, failed events can be put back,
// and reset forgets them. Runs on every backend (store_under_test.hpp).
#include "state/process_holder.hpp"
#include "store_under_test.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <algorithm>
#include <chrono>
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
    CHECK(store->pending_webhook_event_count() == 3);

    store->finish_webhook_event(first.id, WebhookEventStatus::done, "");
    store->finish_webhook_event(second.id, WebhookEventStatus::failed, "the provider said 404");
    const auto events = store->webhook_events("wf");
    REQUIRE(events.size() == 2);
    CHECK(events[0].status == WebhookEventStatus::done);
    CHECK(events[0].attempts == 1);
    CHECK(events[1].status == WebhookEventStatus::failed);
    CHECK(events[1].error == "the provider said 404");
    CHECK(store->pending_webhook_events(std::string("wf")).empty());
    CHECK(store->pending_webhook_event_count() == 1);  // "other"'s

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

TEST_CASE("webhook event claims: two hosts claim disjoint events, a released or expired claim is claimable again") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto host_a = under_test->open();
    const auto host_b = under_test->open();
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 6; ++i) ids.push_back(host_a->add_webhook_event("wf", "e" + std::to_string(i), "{}").id);
    host_a->add_webhook_event("other", "o1", "{}");
    const auto minute = std::chrono::milliseconds(60000);

    const auto a = host_a->claim_webhook_events("host-a", minute, 2, std::string("wf"), {});
    REQUIRE(a.size() == 2);
    CHECK(a[0].event.id == ids[0]);
    CHECK(a[1].event.id == ids[1]);
    CHECK(a[0].previous_holder == "");
    const auto b = host_b->claim_webhook_events("host-b", minute, 10, std::nullopt, {"other"});
    REQUIRE(b.size() == 4);  // the rest of wf, none of "other", none of host-a's
    CHECK(b[0].event.id == ids[2]);
    CHECK(b[3].event.id == ids[5]);
    CHECK(host_b->claim_webhook_events("host-b", minute, 10, std::string("wf"), {}).empty());
    CHECK(host_b->claim_webhook_events("host-b", minute, 10, std::nullopt, {}).size() == 1);  // "other"

    // Settled events leave the pending set; a released one is claimable.
    host_a->finish_webhook_event(a[0].event.id, WebhookEventStatus::done, "");
    host_a->release_webhook_event(a[1].event.id);
    const auto again = host_b->claim_webhook_events("host-b", minute, 10, std::string("wf"), {});
    REQUIRE(again.size() == 1);
    CHECK(again[0].event.id == ids[1]);
    CHECK(again[0].previous_holder == "");  // released, not rescued

    // A claim that is not renewed expires and is rescued by another host.
    host_a->add_webhook_event("late", "l1", "{}");
    REQUIRE(host_a->claim_webhook_events("host-a", std::chrono::milliseconds(300), 1, std::string("late"), {}).size() == 1);
    CHECK(host_b->claim_webhook_events("host-b", minute, 1, std::string("late"), {}).empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    const auto rescued = host_b->claim_webhook_events("host-b", minute, 1, std::string("late"), {});
    REQUIRE(rescued.size() == 1);
    CHECK(rescued[0].previous_holder == "host-a");
    // A heartbeat renews every pending event the holder claimed: e1 to e5, o1 and l1.
    CHECK(host_b->renew_webhook_event_claims("host-b", minute) == 7);
    CHECK(host_a->renew_webhook_event_claims("host-a", minute) == 0);
}

TEST_CASE("schedule slots: each slot of a workflow goes to the first holder that asks, once") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto host_a = under_test->open();
    const auto host_b = under_test->open();
    CHECK(host_a->claim_schedule_slot("nightly", 100, "host-a"));
    CHECK_FALSE(host_b->claim_schedule_slot("nightly", 100, "host-b"));
    CHECK_FALSE(host_a->claim_schedule_slot("nightly", 100, "host-a"));
    CHECK(host_b->claim_schedule_slot("nightly", 101, "host-b"));
    CHECK(host_b->claim_schedule_slot("hourly", 100, "host-b"));
    host_a->reset("nightly");  // forgets its slots with the rest
    CHECK(host_b->claim_schedule_slot("nightly", 100, "host-b"));

    // Eight threads racing for the same slots: each slot is won once.
    std::atomic<int> won{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            const auto store = under_test->open();
            for (int slot = 0; slot < 20; ++slot)
                if (store->claim_schedule_slot("raced", slot, "host-" + std::to_string(t))) ++won;
        });
    for (auto& t : threads) t.join();
    CHECK(won == 20);
}

TEST_CASE("webhook event claims: the claims of a process of this machine that is gone are found and given back") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store = under_test->open();
    for (int i = 0; i < 3; ++i) store->add_webhook_event("wf", "e" + std::to_string(i), "{}");
    const pid_t gone = ::fork();
    REQUIRE(gone >= 0);
    if (gone == 0) ::_exit(0);
    REQUIRE(::waitpid(gone, nullptr, 0) == gone);
    // A holder name as that process would have written it.
    std::string dead = photobridge::state::process_holder_name();
    dead.replace(dead.find(std::to_string(::getpid())), std::to_string(::getpid()).size(), std::to_string(gone));
    const auto minute = std::chrono::milliseconds(60000);
    REQUIRE(store->claim_webhook_events(dead, minute, 2, std::nullopt, {}).size() == 2);
    REQUIRE(store->claim_webhook_events(photobridge::state::process_holder_name(), minute, 1, std::nullopt, {}).size() == 1);

    CHECK(photobridge::state::is_dead_local_holder(dead));
    CHECK_FALSE(photobridge::state::is_dead_local_holder(photobridge::state::process_holder_name()));  // alive
    CHECK_FALSE(photobridge::state::is_dead_local_holder("photobridge pid 1 on another-machine.example"));
    CHECK_FALSE(photobridge::state::is_dead_local_holder("host-b"));
    CHECK(store->webhook_claim_holders() ==
          std::vector<std::string>{std::min(dead, photobridge::state::process_holder_name()),
                                   std::max(dead, photobridge::state::process_holder_name())});
    CHECK(store->release_webhook_claims_of(dead) == 2);
    CHECK(store->claim_webhook_events("host-c", minute, 10, std::nullopt, {}).size() == 2);
}
