// Dataset mode (1,000 records per collection): both streams walked to the end
// through the host's page loop, every record exactly once; the limit stays
// the same on every request of a walk; incremental filters; stateful writes
// seen by the streams.
#include "helpers.hpp"

#include <set>

using namespace sb_test;

namespace {

constexpr std::size_t kRecords = 1000;
// The dataset also holds max(1, N/10) records in a second studio.
constexpr std::size_t kAllRecords = kRecords + kRecords / 10;

std::set<std::string> ids_of(const json::array& records, const std::string& kind) {
    std::set<std::string> ids;
    for (const auto& r : records) {
        CHECK(str(r.at("kind")) == kind);
        CHECK(str(r.at("provider")) == "snapbar");
        ids.insert(str(r.at("id")));
    }
    return ids;
}

}  // namespace

TEST_CASE("dataset: contacts of one studio walked to the end, every record once, the same limit each page") {
    MockServer mock(mock_options(kRecords));
    auto p = plugin_for(mock.provider_url("snapbar"));
    mock.clear_journal();
    const auto records = walk(p, "contacts", {{"studio_id", kDocStudio}}, 100);
    CHECK(records.size() == kRecords);
    CHECK(ids_of(records, "contact").size() == kRecords);

    const auto journal = mock.journal();
    CHECK(journal.size() == kRecords / 100);
    for (std::size_t i = 0; i < journal.size(); ++i) {
        const auto q = query_of(journal[i].as_object());
        CHECK(q.find("limit")->second == "100");
        CHECK(q.count("cursor") == (i == 0 ? 0u : 1u));
        CHECK(auth_header(journal[i].as_object()) == "[REDACTED]");
    }
}

TEST_CASE("dataset: all contacts with the default page size (25)") {
    MockServer mock(mock_options(kRecords));
    auto p = plugin_for(mock.provider_url("snapbar"));
    mock.clear_journal();
    const auto records = walk(p, "contacts", {});
    CHECK(records.size() == kAllRecords);
    CHECK(ids_of(records, "contact").size() == kAllRecords);
    CHECK(mock.journal().size() == kAllRecords / 25);
    for (const auto& e : mock.journal()) CHECK(query_of(e.as_object()).find("limit")->second == "25");
}

TEST_CASE("dataset: submissions of one studio walked to the end, every record once, all mapped") {
    MockServer mock(mock_options(kRecords));
    auto p = plugin_for(mock.provider_url("snapbar"));
    const auto records = walk(p, "submissions", {{"studio_id", kDocStudio}}, 100);
    CHECK(records.size() == kRecords);
    CHECK(ids_of(records, "submission").size() == kRecords);
    std::size_t accepted = 0;
    for (const auto& r : records) {
        const auto state = str(r.at("status"));
        const auto& approved = r.at("approved");
        if (state == "ACCEPTED") {
            ++accepted;
            CHECK(approved == json::value(true));
        } else if (state == "REJECTED") {
            CHECK(approved == json::value(false));
        } else {
            CHECK(state == "REVIEW");
            CHECK(approved.is_null());
        }
        CHECK(str(r.at("studio_id")) == kDocStudio);
        CHECK(!r.at("media").as_array().empty());
        CHECK(!r.at("person").at("id").is_null());
        CHECK(!r.at("person").at("email").is_null());
    }
    CHECK(accepted > 0);
}

TEST_CASE("dataset: a walk with page_size 7 keeps limit=7 and still sees every submission once") {
    MockServer mock(mock_options(kRecords));
    auto p = plugin_for(mock.provider_url("snapbar"));
    mock.clear_journal();
    const auto records = walk(p, "submissions", {}, 7);
    CHECK(records.size() == kAllRecords);
    CHECK(ids_of(records, "submission").size() == kAllRecords);
    const auto journal = mock.journal();
    CHECK(journal.size() == (kAllRecords + 6) / 7);
    for (const auto& e : journal) CHECK(query_of(e.as_object()).find("limit")->second == "7");
}

TEST_CASE("dataset: incremental reads with created_at_min / submitted_at_min and a state filter") {
    MockServer mock(mock_options(kRecords));
    auto p = plugin_for(mock.provider_url("snapbar"));
    const auto all = walk(p, "contacts", {{"studio_id", kDocStudio}}, 100);
    REQUIRE(all.size() == kRecords);
    const std::string from = str(all[600].at("created_at"));
    const auto newer = walk(p, "contacts", {{"studio_id", kDocStudio}, {"created_at_min", from}}, 100);
    CHECK(newer.size() == kRecords - 600);
    for (const auto& r : newer) CHECK(str(r.at("created_at")) >= from);

    const auto subs = walk(p, "submissions", {{"studio_id", kDocStudio}}, 100);
    const std::string since = str(subs[900].at("submitted_at"));
    const auto later = walk(p, "submissions", {{"studio_id", kDocStudio}, {"submitted_at_min", since}}, 100);
    CHECK(!later.empty());
    CHECK(later.size() <= kRecords - 900 + 1);
    for (const auto& r : later) CHECK(str(r.at("submitted_at")) >= since);

    const auto rejected = walk(p, "submissions", {{"state", "REJECTED"}}, 100);
    CHECK(!rejected.empty());
    for (const auto& r : rejected) CHECK(r.at("approved") == json::value(false));
}

TEST_CASE("dataset: written contacts show up in the stream, filters with '+' in the email match") {
    MockServer mock(mock_options(20));
    auto p = plugin_for(mock.provider_url("snapbar"));
    const auto created = call(p, "create_contact",
                              json::object{{"first_name", "Grace"},
                                           {"last_name", "Hopper"},
                                           {"email", "grace+cobol@example.com"},
                                           {"studio_ids", json::array{kSecondStudio}},
                                           {"custom_attributes", {{"team", "Navy"}}}})
                             .json;
    const std::string id = str(created.at("id"));
    CHECK(str(created.at("name")) == "Grace Hopper");

    const auto by_email = walk(p, "contacts", {{"email", "grace+cobol@example.com"}});
    REQUIRE(by_email.size() == 1);
    CHECK(str(by_email[0].at("id")) == id);

    const auto updated = call(p, "update_contact", json::object{{"contact_id", id}, {"phone", "+15550100"}}).json;
    CHECK(str(updated.at("phone")) == "+15550100");
    CHECK(str(call(p, "get_contact", json::object{{"contact_id", id}}).json.at("phone")) == "+15550100");

    const auto by_attr = walk(p, "contacts", {{"custom_attributes", {{"team", "Navy"}}}});
    REQUIRE(by_attr.size() == 1);
    CHECK(str(by_attr[0].at("id")) == id);

    const auto session =
        call(p, "create_studio_session", json::object{{"email", "grace+cobol@example.com"}, {"studio_id", kDocStudio}})
            .json;
    CHECK(str(session.at("contact_id")) == id);
    CHECK(str(session.at("studio_session_url")).find("/session/invite/") != std::string::npos);
}
