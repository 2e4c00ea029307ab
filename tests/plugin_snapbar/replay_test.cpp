// Replay mode: the request each stream and operation sends (through the
// mock's journal, bodies through the recording proxy) and the canonical
// mapping of the collection's documented examples, field by field.
#include "helpers.hpp"
#include "loopback_servers.hpp"

#include <atomic>
#include <thread>

using namespace sb_test;

namespace {

// The collection's List Contacts / Get Contact contact (api v1 examples).
json::value doc_contact() {
    return json::parse(R"({
      "id": "64f1a2b3c4d5e6f7g8h9i0j1", "email": "john.doe@example.com", "first_name": "John",
      "last_name": "Doe", "phone": "+1234567890",
      "custom_attributes": {"company": "Acme Corp", "role": "Manager"},
      "submissions_count": 5, "created_at": "2023-09-01T10:00:00.000Z",
      "updated_at": "2023-09-15T14:30:00.000Z", "invited_at": "2023-09-01T10:00:00.000Z"})");
}

void check_doc_contact(const json::object& r) {
    CHECK(str(r.at("kind")) == "contact");
    CHECK(str(r.at("id")) == kDocContact);
    CHECK(str(r.at("provider")) == "snapbar");
    CHECK(str(r.at("email")) == "john.doe@example.com");
    CHECK(str(r.at("name")) == "John Doe");
    CHECK(str(r.at("first_name")) == "John");
    CHECK(str(r.at("last_name")) == "Doe");
    CHECK(str(r.at("phone")) == "+1234567890");
    CHECK(r.at("external_id").is_null());
    CHECK(r.at("custom_attributes") == json::parse(R"({"company": "Acme Corp", "role": "Manager"})"));
    CHECK(str(r.at("created_at")) == "2023-09-01T10:00:00.000Z");
    CHECK(str(r.at("updated_at")) == "2023-09-15T14:30:00.000Z");
    CHECK(r.at("raw") == doc_contact());
}

// The v2 John Doe of Create / Update Contact and the custom attributes filter.
void check_v2_contact(const json::object& r, const json::value& custom_attributes, const std::string& updated_at) {
    CHECK(str(r.at("kind")) == "contact");
    CHECK(str(r.at("id")) == kDocV2Contact);
    CHECK(str(r.at("email")) == "john@example.com");
    CHECK(str(r.at("name")) == "John Doe");
    CHECK(str(r.at("phone")) == "+4153156485");
    CHECK(r.at("external_id").is_null());
    CHECK(r.at("custom_attributes") == custom_attributes);
    CHECK(str(r.at("created_at")) == "2025-12-04T18:01:36.682Z");
    CHECK(str(r.at("updated_at")) == updated_at);
    CHECK(r.at("raw").at("contact_list_ids") == json::array{});
    CHECK(r.at("raw").at("invited_at").is_null());
}

void check_media(const json::value& m, const std::string& variant, const std::string& url, std::int64_t width,
                 std::int64_t height) {
    CHECK(str(m.at("variant")) == variant);
    CHECK(str(m.at("url")) == url);
    CHECK(m.at("width").as_int64() == width);
    CHECK(m.at("height").as_int64() == height);
    CHECK(m.at("expires_at").is_null());
}

void check_doc_person(const json::object& r) {
    const auto& person = r.at("person").as_object();
    CHECK(str(person.at("id")) == "64f1a2b3c4d5e6f7g8h9i0j3");
    CHECK(str(person.at("email")) == "john.doe@example.com");
    CHECK(str(person.at("name")) == "John Doe");
    CHECK(person.at("external_id").is_null());
}

}  // namespace

TEST_CASE("contacts: first page sends limit=25 with the token and maps the documented contact") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    mock.clear_journal();
    const auto pg = page(p, "contacts", {});

    const auto entry = only_request(mock);
    CHECK(str(entry.at("method")) == "GET");
    CHECK(str(entry.at("path")) == "/snapbar/contacts");
    CHECK(str(entry.at("query")) == "limit=25");
    CHECK(auth_header(entry) == "[REDACTED]");
    CHECK(entry.at("status").as_int64() == 200);

    const auto& records = pg.at("records").as_array();
    REQUIRE(records.size() == 1);
    check_doc_contact(records[0].as_object());
    // page_info.has_next with next_cursor "...j2"; the opaque cursor keeps the limit.
    CHECK(str(pg.at("next_cursor")) == "25:64f1a2b3c4d5e6f7g8h9i0j2");
    CHECK(pg.at("total").is_null());
}

TEST_CASE("contacts: every filter reaches the query, custom_attributes[K]=V, last page has no cursor") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    mock.clear_journal();
    const json::object params{{"studio_id", kDocStudio},
                              {"email", "john+test@example.com"},
                              {"contact_list_id", "6931cc80f299c0770db44e01"},
                              {"custom_attributes", {{"example_1", "Red"}, {"example_2", "Blue"}}},
                              {"created_at_min", "2025-12-01T00:00:00+02:00"},
                              {"created_at_max", "2025-12-31T00:00:00.000Z"}};
    const auto pg = page(p, "contacts", params, nullptr, 10);

    const auto entry = only_request(mock);
    const auto q = query_of(entry);
    const std::multimap<std::string, std::string> expected{{"studio_id", kDocStudio},
                                                           {"email", "john+test@example.com"},
                                                           {"contact_list_id", "6931cc80f299c0770db44e01"},
                                                           {"custom_attributes[example_1]", "Red"},
                                                           {"custom_attributes[example_2]", "Blue"},
                                                           {"created_at_min", "2025-12-01T00:00:00+02:00"},
                                                           {"created_at_max", "2025-12-31T00:00:00.000Z"},
                                                           {"limit", "10"}};
    CHECK(q == expected);
    // '+' must travel as %2B: Rails and the mock read a bare '+' as a space.
    CHECK(str(entry.at("query")).find("john%2Btest") != std::string::npos);
    CHECK(str(entry.at("query")).find("+") == std::string::npos);

    // The collection's "Custom Attributes Filter" example answers.
    const auto& records = pg.at("records").as_array();
    REQUIRE(records.size() == 1);
    check_v2_contact(records[0].as_object(), json::parse(R"({"Bingo": "", "Department": "", "EmployeeID": "", "HEY": "",
                                     "example_1": "Red", "example_2": "Blue"})"),
                     "2025-12-04T18:06:28.944Z");
    CHECK(pg.at("next_cursor").is_null());
}

TEST_CASE("contacts: a later page sends the cursor and keeps the first page's limit") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    mock.clear_journal();
    page(p, "contacts", {}, "10:64f1a2b3c4d5e6f7g8h9i0j1", 50);  // page_size 50 ignored: the walk keeps 10
    const auto q = query_of(only_request(mock));
    const std::multimap<std::string, std::string> expected{{"cursor", "64f1a2b3c4d5e6f7g8h9i0j1"}, {"limit", "10"}};
    CHECK(q == expected);
}

TEST_CASE("contacts: page_size is clamped to the documented maximum of 100") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    mock.clear_journal();
    page(p, "contacts", {}, nullptr, 500);
    CHECK(str(only_request(mock).at("query")) == "limit=100");
}

TEST_CASE("contacts: a foreign cursor or a bad custom attribute key is refused before sending") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    mock.clear_journal();
    for (const char* cursor : {"abc", ":abc", "0:abc", "101:abc", "25:", "x5:abc"}) {
        CAPTURE(cursor);
        const auto e = failure_of([&] { page(p, "contacts", {}, cursor); });
        CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
        CHECK(std::string(e.what()).find("cursor") != std::string::npos);
    }
    const auto e = failure_of([&] { page(p, "contacts", {{"custom_attributes", {{"a]b", "x"}}}}); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    const auto typed = failure_of([&] { page(p, "contacts", {{"custom_attributes", {{"k", 5}}}}); });
    CHECK(typed.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(std::string(typed.what()).find("params.custom_attributes.k") != std::string::npos);
    const auto unknown = failure_of([&] { page(p, "contacts", {{"studio", "x"}}); });
    CHECK(unknown.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(mock.journal().empty());
}

TEST_CASE("submissions: filters reach the query and the documented submission maps field by field") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    mock.clear_journal();
    const json::object params{{"studio_id", kDocStudio},
                              {"contact_email", "john.doe@example.com"},
                              {"contact_id", "64f1a2b3c4d5e6f7g8h9i0j3"},
                              {"state", "REVIEW"},
                              {"submitted_at_min", "2023-09-01T00:00:00.000Z"},
                              {"submitted_at_max", "2023-10-01T00:00:00.000Z"}};
    const auto pg = page(p, "submissions", params, nullptr, 5);

    const auto entry = only_request(mock);
    CHECK(str(entry.at("method")) == "GET");
    CHECK(str(entry.at("path")) == "/snapbar/submissions");
    CHECK(auth_header(entry) == "[REDACTED]");
    const std::multimap<std::string, std::string> expected{{"studio_id", kDocStudio},
                                                           {"contact_email", "john.doe@example.com"},
                                                           {"contact_id", "64f1a2b3c4d5e6f7g8h9i0j3"},
                                                           {"state", "REVIEW"},
                                                           {"submitted_at_min", "2023-09-01T00:00:00.000Z"},
                                                           {"submitted_at_max", "2023-10-01T00:00:00.000Z"},
                                                           {"limit", "5"}};
    CHECK(query_of(entry) == expected);

    const auto& records = pg.at("records").as_array();
    REQUIRE(records.size() == 1);
    const auto& r = records[0].as_object();
    CHECK(str(r.at("kind")) == "submission");
    CHECK(str(r.at("id")) == kDocSubmission);
    CHECK(str(r.at("provider")) == "snapbar");
    check_doc_person(r);
    CHECK(str(r.at("status")) == "REVIEW");
    CHECK(r.at("approved").is_null());  // REVIEW: not decided yet
    CHECK(str(r.at("created_at")) == "2023-09-01T10:00:00.000Z");
    CHECK(str(r.at("submitted_at")) == "2023-09-01T10:00:00.000Z");
    CHECK(str(r.at("updated_at")) == "2023-09-15T14:30:00.000Z");
    CHECK(str(r.at("studio_id")) == kDocStudio);
    const auto& media = r.at("media").as_array();
    REQUIRE(media.size() == 1);
    check_media(media[0], "Portrait - Standard Edit", "https://example.com/download/photo1.jpg", 1920, 1080);
    CHECK(r.at("raw").at("photos").at(0).at("enhancement_status") == "ENHANCED");
    CHECK(r.at("raw").at("contact").at("custom_attributes") == json::parse(R"({"company": "Acme Corp"})"));
    CHECK(str(pg.at("next_cursor")) == "5:64f1a2b3c4d5e6f7g8h9i0j4");
}

TEST_CASE("submissions: a state outside REVIEW, ACCEPTED, REJECTED is refused before sending") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    mock.clear_journal();
    const auto e = failure_of([&] { page(p, "submissions", {{"state", "INVALID_STATE"}}); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(std::string(e.what()).find("params.state") != std::string::npos);
    CHECK(std::string(e.what()).find("REVIEW, ACCEPTED, REJECTED") != std::string::npos);
    CHECK(mock.journal().empty());
}

TEST_CASE("get_contact: GET /contacts/{id} maps the documented contact") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    mock.clear_journal();
    const auto r = call(p, "get_contact", json::object{{"contact_id", kDocContact}});
    const auto entry = only_request(mock);
    CHECK(str(entry.at("method")) == "GET");
    CHECK(str(entry.at("path")) == std::string("/snapbar/contacts/") + kDocContact);
    CHECK(str(entry.at("query")).empty());
    CHECK(auth_header(entry) == "[REDACTED]");
    check_doc_contact(r.json.as_object());
}

TEST_CASE("get_contact: the id is one path segment, percent-encoded") {
    MockServer mock(mock_options());
    RecordingProxy proxy(mock.base_url());
    auto p = plugin_for(proxy.url() + "/snapbar");
    failure_of([&] { call(p, "get_contact", json::object{{"contact_id", "a/b c?d"}}); });
    const auto seen = proxy.seen();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].target == "/snapbar/contacts/a%2Fb%20c%3Fd");
}

TEST_CASE("create_contact: POST /contacts with the documented body, 201 maps to a contact") {
    MockServer mock(mock_options());
    RecordingProxy proxy(mock.base_url());
    auto p = plugin_for(proxy.url() + "/snapbar");
    mock.clear_journal();
    const json::object input{{"first_name", "John"},
                             {"last_name", "Doe"},
                             {"email", "john@example.com"},
                             {"phone", "+4153156485"},
                             {"studio_ids", json::array{kDocStudio}},
                             {"list_ids", json::array{}},
                             {"custom_attributes", {{"example_1", "Red"}, {"example_2", "Blue"}}}};
    const auto r = call(p, "create_contact", input);

    const auto entry = only_request(mock);
    CHECK(str(entry.at("method")) == "POST");
    CHECK(str(entry.at("path")) == "/snapbar/contacts");
    CHECK(auth_header(entry) == "[REDACTED]");
    CHECK(entry.at("status").as_int64() == 201);
    const auto seen = proxy.seen();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].headers.find("Content-Type")->second == "application/json");
    CHECK(json::parse(seen[0].body) == json::value(input));
    CHECK(entry.at("body_size").as_int64() == static_cast<std::int64_t>(seen[0].body.size()));

    check_v2_contact(r.json.as_object(), json::parse(R"({"example_1": "Red", "example_2": "Blue"})"),
                     "2025-12-04T18:01:36.682Z");
}

TEST_CASE("create_contact: studio_ids is required by the schema, unknown fields are refused") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    mock.clear_journal();
    auto e = failure_of([&] { call(p, "create_contact", json::object{{"email", "a@example.com"}}); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(std::string(e.what()).find("studio_ids") != std::string::npos);
    e = failure_of([&] {
        call(p, "create_contact",
             json::object{{"email", "a@example.com"}, {"studio_id", kDocStudio}, {"studio_ids", json::array{}}});
    });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(std::string(e.what()).find("studio_id") != std::string::npos);
    CHECK(mock.journal().empty());
}

TEST_CASE("update_contact: PUT /contacts/{id} sends only the fields given, never contact_id") {
    MockServer mock(mock_options());
    RecordingProxy proxy(mock.base_url());
    auto p = plugin_for(proxy.url() + "/snapbar");
    mock.clear_journal();
    const auto r = call(
        p, "update_contact",
        json::object{
            {"contact_id", kDocV2Contact}, {"phone", "+4153156485"}, {"custom_attributes", {{"example_1", "Red"}}}});
    const auto entry = only_request(mock);
    CHECK(str(entry.at("method")) == "PUT");
    CHECK(str(entry.at("path")) == std::string("/snapbar/contacts/") + kDocV2Contact);
    CHECK(auth_header(entry) == "[REDACTED]");
    const auto seen = proxy.seen();
    REQUIRE(seen.size() == 1);
    CHECK(json::parse(seen[0].body) ==
          json::parse(R"({"phone": "+4153156485", "custom_attributes": {"example_1": "Red"}})"));
    check_v2_contact(r.json.as_object(), json::parse(R"({"example_1": "Red", "example_2": "Blue"})"),
                     "2025-12-04T18:01:36.682Z");
}

TEST_CASE("get_submission: ACCEPTED maps to approved=true with one media entry per photo") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    mock.clear_journal();
    const auto r = call(p, "get_submission", json::object{{"submission_id", kDocSubmission}}).json.as_object();
    const auto entry = only_request(mock);
    CHECK(str(entry.at("method")) == "GET");
    CHECK(str(entry.at("path")) == std::string("/snapbar/submissions/") + kDocSubmission);
    CHECK(auth_header(entry) == "[REDACTED]");

    CHECK(str(r.at("kind")) == "submission");
    CHECK(str(r.at("id")) == kDocSubmission);
    CHECK(str(r.at("status")) == "ACCEPTED");
    CHECK(r.at("approved") == json::value(true));
    check_doc_person(r);
    CHECK(str(r.at("created_at")) == "2023-09-01T10:00:00.000Z");
    CHECK(str(r.at("submitted_at")) == "2023-09-01T10:00:00.000Z");
    CHECK(str(r.at("updated_at")) == "2023-09-15T14:30:00.000Z");
    CHECK(str(r.at("studio_id")) == kDocStudio);
    const auto& media = r.at("media").as_array();
    REQUIRE(media.size() == 2);
    check_media(media[0], "Portrait - Standard Edit", "https://example.com/download/photo1.jpg", 1920, 1080);
    check_media(media[1], "Portrait - Premium Edit", "https://example.com/download/photo2.jpg", 3840, 2160);
    CHECK(r.at("raw").at("contact").at("custom_attributes") ==
          json::parse(R"({"company": "Acme Corp", "role": "Manager"})"));
}

TEST_CASE("create_studio_session: POST /studio_sessions with {email, studio_id}") {
    MockServer mock(mock_options());
    RecordingProxy proxy(mock.base_url());
    auto p = plugin_for(proxy.url() + "/snapbar");
    mock.clear_journal();
    const auto r =
        call(p, "create_studio_session", json::object{{"email", "nick@heliumdev.com"}, {"studio_id", kDocStudio}});
    const auto entry = only_request(mock);
    CHECK(str(entry.at("method")) == "POST");
    CHECK(str(entry.at("path")) == "/snapbar/studio_sessions");
    CHECK(auth_header(entry) == "[REDACTED]");
    const auto seen = proxy.seen();
    REQUIRE(seen.size() == 1);
    CHECK(json::parse(seen[0].body) ==
          json::parse(R"({"email": "nick@heliumdev.com", "studio_id": "64f1a2b3c4d5e6f7g8h9i0j2"})"));
    CHECK(str(r.json.at("studio_session_url")) == "https://example.com/session/invite/abc123def456");
    CHECK(str(r.json.at("contact_id")) == "64f1a2b3c4d5e6f7g8h9i0j2");
    CHECK(r.json.at("raw").at("studio_session_url") == "https://example.com/session/invite/abc123def456");

    const auto e = failure_of([&] { call(p, "create_studio_session", json::object{{"email", "x@example.com"}}); });
    CHECK(e.code() == PB_ERR_INVALID_ARGUMENT);
    CHECK(std::string(e.what()).find("studio_id") != std::string::npos);
}

TEST_CASE("the manifest declares both streams' cursor paging and incremental fields") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    const auto m = p.manifest();
    CHECK(m.at("config").at("base_url").at("default") == "https://headshots.snapbar.com/api/v2");
    CHECK(m.at("config").at("token").at("secret") == json::value(true));
    CHECK(m.at("config").at("webhook_secret").at("secret") == json::value(true));
    CHECK(m.at("streams").at("contacts").at("incremental") ==
          json::parse(R"({"field": "created_at", "param": "created_at_min"})"));
    CHECK(m.at("streams").at("submissions").at("incremental") ==
          json::parse(R"({"field": "submitted_at", "param": "submitted_at_min"})"));
    CHECK(m.at("streams").at("submissions").at("page_size") ==
          json::parse(R"({"default": 25, "maximum": 100})"));
    for (const char* op : {"get_contact", "create_contact", "update_contact", "get_submission", "create_studio_session",
                           "download_media", "verify_webhook"})
        CHECK(m.at("operations").as_object().contains(op));
}

TEST_CASE("one instance serves concurrent invokes") {
    MockServer mock(mock_options());
    auto p = plugin_for(mock.provider_url("snapbar"));
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 10; ++i) {
                const auto r = call(p, "get_submission", json::object{{"submission_id", kDocSubmission}});
                const auto pg = call(p, "contacts", json::object{{"params", json::object{}}});
                if (r.json.at("id") == kDocSubmission && pg.json.at("records").as_array().size() == 1) ++ok;
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(ok.load() == 60);
}
