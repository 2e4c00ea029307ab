// What the store remembers: checkpoints, ledger entries, dead letters, run
// history, the list of workflows, and reset of one workflow. Runs on every
// backend (store_under_test.hpp).
#include "store_under_test.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace photobridge::state;
using photobridge::testing::StoreUnderTest;

namespace {

std::string key_of(int i) { return "headshotpro:photo_" + std::to_string(i); }

bool looks_like_utc_timestamp(const std::string& t) {
    // 2024-05-01T12:00:00.123Z
    return t.size() == 24 && t[4] == '-' && t[7] == '-' && t[10] == 'T' && t[13] == ':' && t[16] == ':' &&
           t[19] == '.' && t[23] == 'Z';
}

}  // namespace

TEST_CASE("checkpoints are absent then saved and replaced per workflow and stream and survive reopening") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    {
        const auto store = under_test->open();
        CHECK_FALSE(store->load_checkpoint("wf", "photos").has_value());

        Checkpoint first;
        first.cursor = "page-2";
        first.pages = 1;
        first.records = 200;
        store->save_checkpoint("wf", "photos", first);
        Checkpoint second;
        second.cursor = std::nullopt;
        second.pages = 5;
        second.records = 950;
        second.high_water = "2024-05-01T00:00:00Z";
        second.complete = true;
        store->save_checkpoint("wf", "photos", second);
        store->save_checkpoint("wf", "contacts", first);
        store->save_checkpoint("other", "photos", first);
    }
    const auto store = under_test->open();
    const auto c = store->load_checkpoint("wf", "photos");
    REQUIRE(c.has_value());
    CHECK_FALSE(c->cursor.has_value());
    CHECK(c->pages == 5);
    CHECK(c->records == 950);
    CHECK(c->high_water == std::optional<std::string>("2024-05-01T00:00:00Z"));
    CHECK(c->complete);
    const auto contacts = store->load_checkpoint("wf", "contacts");
    REQUIRE(contacts.has_value());
    CHECK(contacts->cursor == std::optional<std::string>("page-2"));
    CHECK_FALSE(contacts->high_water.has_value());
    CHECK_FALSE(contacts->complete);

    const auto all = store->checkpoints("wf");
    REQUIRE(all.size() == 2);
    CHECK(all[0].stream == "contacts");
    CHECK(all[1].stream == "photos");
    CHECK(looks_like_utc_timestamp(all[1].updated_at));
}

TEST_CASE("ledger entries are written and looked up and updated and an empty result_id keeps the previous one") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store = under_test->open();
    CHECK(store->ledger_lookup("wf", "sb", {"a", "b"}).empty());
    CHECK(store->ledger_lookup("wf", "sb", {}).empty());

    store->ledger_write("wf", {{"sb", "a", "hash-a", LedgerStatus::pending, ""},
                              {"sb", "b", "hash-b", LedgerStatus::done, "photo-17"},
                              {"files", "a", "hash-a", LedgerStatus::done, "a.jpg"}});
    auto found = store->ledger_lookup("wf", "sb", {"a", "b", "c"});
    REQUIRE(found.size() == 2);
    CHECK(found.at("a").status == LedgerStatus::pending);
    CHECK(found.at("a").content_hash == "hash-a");
    CHECK(found.at("a").result_id == "");
    CHECK(found.at("a").key == "a");
    CHECK(found.at("b").status == LedgerStatus::done);
    CHECK(found.at("b").result_id == "photo-17");
    CHECK(looks_like_utc_timestamp(found.at("b").updated_at));
    // Sinks and workflows are separate namespaces.
    CHECK(store->ledger_lookup("wf", "files", {"a", "b"}).size() == 1);
    CHECK(store->ledger_lookup("other", "sb", {"a", "b"}).empty());
    CHECK(store->ledger_count("wf") == 3);
    CHECK(store->ledger_count("other") == 0);

    // The pending entry completes; the done one is re-synced with new content:
    // marked pending with no result id yet, it keeps the old result id.
    store->ledger_write("wf", {{"sb", "a", "hash-a", LedgerStatus::done, "photo-18"},
                              {"sb", "b", "hash-b2", LedgerStatus::pending, ""}});
    found = store->ledger_lookup("wf", "sb", {"a", "b"});
    CHECK(found.at("a").status == LedgerStatus::done);
    CHECK(found.at("a").result_id == "photo-18");
    CHECK(found.at("b").status == LedgerStatus::pending);
    CHECK(found.at("b").content_hash == "hash-b2");
    CHECK(found.at("b").result_id == "photo-17");
    store->ledger_write("wf", {{"sb", "b", "hash-b2", LedgerStatus::done, "photo-19"}});
    CHECK(store->ledger_lookup("wf", "sb", {"b"}).at("b").result_id == "photo-19");
    CHECK(store->ledger_count("wf") == 3);
}

TEST_CASE("lookups of 1 to 1000 keys of any size find exactly the stored keys") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store = under_test->open();
    // Even keys are stored, odd ones are not.
    std::vector<LedgerUpdate> updates;
    for (int i = 0; i < 2000; i += 2) updates.push_back({"sb", key_of(i), "h" + std::to_string(i), LedgerStatus::done, ""});
    store->ledger_write("wf", updates);

    // Around SQLite's statement buckets and chunks (powers of two up to 256).
    for (int count : {1, 2, 3, 7, 8, 9, 127, 128, 129, 199, 200, 201, 255, 256, 257, 515, 1000}) {
        CAPTURE(count);
        std::vector<std::string> keys;
        for (int i = 0; i < count; ++i) keys.push_back(key_of(i));
        const auto found = store->ledger_lookup("wf", "sb", keys);
        CHECK(found.size() == static_cast<std::size_t>((count + 1) / 2));
        for (const auto& [key, entry] : found) {
            CHECK(entry.key == key);
            const int n = std::stoi(key.substr(key.rfind('_') + 1));
            CHECK(n % 2 == 0);
            CHECK(n < count);
            CHECK(entry.content_hash == "h" + std::to_string(n));
        }
    }
    // Duplicate keys in a request are harmless.
    CHECK(store->ledger_lookup("wf", "sb", {key_of(0), key_of(0), key_of(2), key_of(1)}).size() == 2);
}

TEST_CASE("one ledger_write with the same key twice applies them in order and keeps an earlier result_id") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store = under_test->open();
    store->ledger_write("wf", {{"sb", "a", "h1", LedgerStatus::pending, ""},
                               {"sb", "a", "h1", LedgerStatus::done, "photo-1"},
                               {"sb", "b", "h1", LedgerStatus::done, "photo-2"},
                               {"sb", "b", "h2", LedgerStatus::pending, ""},
                               {"files", "a", "h1", LedgerStatus::done, "a.jpg"}});
    const auto found = store->ledger_lookup("wf", "sb", {"a", "b"});
    REQUIRE(found.size() == 2);
    CHECK(found.at("a").status == LedgerStatus::done);
    CHECK(found.at("a").result_id == "photo-1");
    CHECK(found.at("b").status == LedgerStatus::pending);
    CHECK(found.at("b").content_hash == "h2");
    CHECK(found.at("b").result_id == "photo-2");
    CHECK(store->ledger_count("wf") == 3);
}

TEST_CASE("ledger_pending lists what a killed run left between its sink write and its ledger write") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store = under_test->open();
    store->ledger_write("wf", {{"sb", "k2", "h", LedgerStatus::pending, ""},
                              {"files", "k1", "h", LedgerStatus::pending, ""},
                              {"sb", "k1", "h", LedgerStatus::done, "r"},
                              {"sb", "k3", "h", LedgerStatus::pending, "old-id"}});
    store->ledger_write("other", {{"sb", "k9", "h", LedgerStatus::pending, ""}});
    const auto pending = store->ledger_pending("wf");
    REQUIRE(pending.size() == 3);
    CHECK(pending[0].first == "files");
    CHECK(pending[0].second.key == "k1");
    CHECK(pending[1].first == "sb");
    CHECK(pending[1].second.key == "k2");
    CHECK(pending[2].second.key == "k3");
    CHECK(pending[2].second.result_id == "old-id");
    CHECK(pending[2].second.status == LedgerStatus::pending);

    const auto counts = store->ledger_counts("wf");
    REQUIRE(counts.size() == 2);
    CHECK(counts[0].sink == "files");
    CHECK(counts[0].pending == 1);
    CHECK(counts[1].sink == "sb");
    CHECK(counts[1].done == 1);
    CHECK(counts[1].pending == 2);
}

TEST_CASE("dead letters are one per workflow and sink and key with attempts added up and removable by id") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store = under_test->open();
    DeadLetter letter;
    letter.workflow = "wf";
    letter.sink = "sb.upload_photo";
    letter.key = "headshotpro:p1";
    letter.code = 10;
    letter.http_status = 503;
    letter.error = "service unavailable";
    letter.record_json = R"({"kind":"photo","id":"p1"})";
    letter.attempts = 5;
    const auto id = store->add_dead_letter(letter);
    CHECK(id > 0);

    DeadLetter other = letter;
    other.key = "headshotpro:p2";
    other.sink = "";
    const auto other_id = store->add_dead_letter(other);
    CHECK(other_id != id);

    DeadLetter again = letter;
    again.error = "conflict";
    again.http_status = 409;
    again.attempts = 1;
    CHECK(store->add_dead_letter(again) == id);

    auto letters = store->dead_letters("wf");
    REQUIRE(letters.size() == 2);
    CHECK(letters[0].id == id);
    CHECK(letters[0].workflow == "wf");
    CHECK(letters[0].sink == "sb.upload_photo");
    CHECK(letters[0].key == "headshotpro:p1");
    CHECK(letters[0].code == 10);
    CHECK(letters[0].http_status == 409);
    CHECK(letters[0].error == "conflict");
    CHECK(letters[0].attempts == 6);
    CHECK(letters[0].record_json == R"({"kind":"photo","id":"p1"})");
    CHECK(looks_like_utc_timestamp(letters[0].created_at));
    CHECK(letters[1].sink == "");
    CHECK(store->dead_letter_count("wf") == 2);
    CHECK(store->dead_letters("other").empty());

    store->remove_dead_letter(id);
    store->remove_dead_letter(123456);  // unknown ids are ignored
    letters = store->dead_letters("wf");
    REQUIRE(letters.size() == 1);
    CHECK(letters[0].id == other_id);
}

TEST_CASE("run history records begin and finish newest first with a limit") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store = under_test->open();
    const auto first = store->begin_run("wf");
    store->finish_run(first, "ok", R"({"read":3,"synced":3,"skipped":0,"failed":0})");
    const auto second = store->begin_run("wf");
    const auto elsewhere = store->begin_run("other");
    CHECK(second > first);
    CHECK(elsewhere > second);

    auto runs = store->runs("wf", 10);
    REQUIRE(runs.size() == 2);
    CHECK(runs[0].id == second);
    CHECK(runs[0].outcome == "running");
    CHECK(runs[0].finished_at == "");
    CHECK(runs[0].counts_json == "{}");
    CHECK(runs[1].id == first);
    CHECK(runs[1].outcome == "ok");
    CHECK(runs[1].workflow == "wf");
    CHECK(looks_like_utc_timestamp(runs[1].started_at));
    CHECK(looks_like_utc_timestamp(runs[1].finished_at));
    CHECK(runs[1].finished_at >= runs[1].started_at);
    CHECK(runs[1].counts_json == R"({"read":3,"synced":3,"skipped":0,"failed":0})");
    CHECK(store->runs("wf", 1).size() == 1);
    CHECK(store->runs("wf", 0).size() == 2);  // 0: no limit
    store->finish_run(987654, "ok", "{}");    // unknown id: nothing happens
}

TEST_CASE("run history: every finished outcome, partial included, is read back as written") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store = under_test->open();
    const std::vector<std::string> finished{run_outcome::ok, run_outcome::partial, run_outcome::failed,
                                            run_outcome::interrupted};
    for (const auto& outcome : finished) store->finish_run(store->begin_run("wf"), outcome, "{}");
    const auto runs = store->runs("wf", 0);  // newest first
    REQUIRE(runs.size() == finished.size());
    for (std::size_t i = 0; i < finished.size(); ++i) {
        CAPTURE(finished[i]);
        CHECK(runs[finished.size() - 1 - i].outcome == finished[i]);
        CHECK(run_outcome::is_known(runs[finished.size() - 1 - i].outcome));
    }
    CHECK(store->begin_run("fresh") > 0);
    CHECK(store->runs("fresh", 1).at(0).outcome == run_outcome::running);
}

TEST_CASE("run history: finish_run refuses an outcome outside the set, and running") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store = under_test->open();
    const auto run = store->begin_run("wf");
    CHECK_THROWS_AS(store->finish_run(run, "partially", "{}"), std::invalid_argument);
    CHECK_THROWS_AS(store->finish_run(run, "OK", "{}"), std::invalid_argument);
    CHECK_THROWS_AS(store->finish_run(run, run_outcome::running, "{}"), std::invalid_argument);
    const auto runs = store->runs("wf", 0);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].outcome == run_outcome::running);  // nothing was recorded
    CHECK(runs[0].finished_at == "");
}

TEST_CASE("workflows lists every workflow written to and reset forgets exactly one") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store = under_test->open();
    CHECK(store->workflows().empty());
    for (const std::string wf : {"beta", "alpha"}) {
        store->save_checkpoint(wf, "photos", Checkpoint{});
        store->ledger_write(wf, {{"sb", "k", "h", LedgerStatus::done, "r"}});
        DeadLetter d;
        d.workflow = wf;
        d.key = "k";
        store->add_dead_letter(d);
        store->finish_run(store->begin_run(wf), "ok", "{}");
    }
    store->ledger_write("gamma", {{"sb", "k", "h", LedgerStatus::done, "r"}});
    CHECK(store->workflows() == std::vector<std::string>{"alpha", "beta", "gamma"});

    store->reset("alpha");
    CHECK(store->workflows() == std::vector<std::string>{"beta", "gamma"});
    CHECK_FALSE(store->load_checkpoint("alpha", "photos").has_value());
    CHECK(store->ledger_count("alpha") == 0);
    CHECK(store->dead_letters("alpha").empty());
    CHECK(store->runs("alpha", 0).empty());
    // The others keep everything.
    CHECK(store->load_checkpoint("beta", "photos").has_value());
    CHECK(store->ledger_count("beta") == 1);
    CHECK(store->dead_letters("beta").size() == 1);
    CHECK(store->runs("beta", 0).size() == 1);
    store->reset("never-seen");  // nothing to do, no error
}

TEST_CASE("keys and JSON with quotes and unicode and SQL-looking text round-trip exactly") {
    const auto under_test = StoreUnderTest::start();
    if (!under_test) return;
    const auto store = under_test->open();
    const std::vector<std::string> keys{"it's", "a\"b", "ünïcødé:🙂", "x IN (1,2)); DROP TABLE ledger;--", " "};
    std::vector<LedgerUpdate> updates;
    for (const auto& k : keys) updates.push_back({"sink'1", k, "h-" + k, LedgerStatus::done, "id-" + k});
    store->ledger_write("wf'; --", updates);
    const auto found = store->ledger_lookup("wf'; --", "sink'1", keys);
    REQUIRE(found.size() == keys.size());
    for (const auto& k : keys) {
        CHECK(found.at(k).content_hash == "h-" + k);
        CHECK(found.at(k).result_id == "id-" + k);
    }
    CHECK(store->workflows() == std::vector<std::string>{"wf'; --"});
}
