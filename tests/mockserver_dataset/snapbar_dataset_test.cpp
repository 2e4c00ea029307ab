// Snapbar dataset: cursor walks, filters, documented errors and the
// contact writes.
#include <doctest/doctest.h>

#include <set>

#include "dataset_test_support.hpp"

using namespace dataset_test;

namespace {

const std::string kStudio = "64f1a2b3c4d5e6f7g8h9i0j2";
const std::string kSecondStudio = "650a1b2c3d4e5f6a7b8c9d0e";

std::vector<boost::json::object> walk(DatasetBackend& backend, const std::string& collection, Query filters,
                                      std::int64_t limit) {
    std::vector<boost::json::object> all;
    std::string cursor;
    std::size_t pages = 0;
    for (;;) {
        Query query = filters;
        query.emplace_back("limit", std::to_string(limit));
        if (!cursor.empty()) query.emplace_back("cursor", cursor);
        const auto response = get(backend, "/" + collection, query);
        REQUIRE(response.status == 200);
        const auto body = json_of(response);
        const auto& items = body.at(collection).as_array();
        const auto& info = body.at("page_info").as_object();
        CHECK(info.at("count").as_int64() == static_cast<std::int64_t>(items.size()));
        CHECK(info.at("limit").as_int64() == limit);
        for (const auto& item : items) all.push_back(item.as_object());
        if (!info.at("has_next").as_bool()) {
            CHECK(info.at("next_cursor").is_null());
            break;
        }
        CHECK(static_cast<std::int64_t>(items.size()) == limit);
        cursor = std::string(info.at("next_cursor").as_string());
        REQUIRE_MESSAGE(++pages < 100000, "the walk does not end");
    }
    return all;
}

std::set<std::string> ids_of(const std::vector<boost::json::object>& records) {
    std::set<std::string> ids;
    for (const auto& r : records) ids.insert(std::string(r.at("id").as_string()));
    return ids;
}

}  // namespace

TEST_CASE("snapbar: cursor walks over contacts and submissions yield every record once") {
    auto backend = make_backend("snapbar", 1000);
    for (const std::string collection : {"contacts", "submissions"}) {
        const auto studio = walk(*backend, collection, {{"studio_id", kStudio}}, 100);
        CHECK(studio.size() == 1000);
        CHECK(ids_of(studio).size() == 1000);
        const auto second = walk(*backend, collection, {{"studio_id", kSecondStudio}}, 100);
        CHECK(second.size() == 100);
        const auto everything = walk(*backend, collection, {}, 100);
        CHECK(everything.size() == 1100);
        CHECK(ids_of(everything).size() == 1100);
        CHECK(ids_of(walk(*backend, collection, {}, 7)) == ids_of(everything));
        for (std::size_t i = 1; i < everything.size(); ++i)
            CHECK(everything[i].at("created_at").as_string() >= everything[i - 1].at("created_at").as_string());
    }
    const auto first_page = json_of(get(*backend, "/contacts"));
    CHECK(first_page.at("contacts").as_array().size() == 25);  // default limit
    CHECK(first_page.at("page_info").at("limit").as_int64() == 25);
}

TEST_CASE("snapbar: documented errors") {
    auto backend = make_backend("snapbar", 50);
    const auto studio = get(*backend, "/contacts", {{"studio_id", "invalid_id"}});
    CHECK(studio.status == 404);
    CHECK(json_of(studio) == postman_example("List Contacts", "Studio Not Found"));
    CHECK(get(*backend, "/submissions", {{"studio_id", "invalid_id"}}).status == 404);

    const auto state = get(*backend, "/submissions", {{"state", "INVALID_STATE"}});
    CHECK(state.status == 422);
    CHECK(json_of(state) == postman_example("List Submissions", "Invalid State"));
    CHECK(get(*backend, "/submissions", {{"state", "review"}}).status == 422);

    const auto contact = get(*backend, "/contacts/invalid_id");
    CHECK(contact.status == 404);
    CHECK(json_of(contact) == postman_example("Get Contact", "Contact Not Found"));
    const auto submission = get(*backend, "/submissions/invalid_id");
    CHECK(submission.status == 404);
    CHECK(json_of(submission) == postman_example("Get Submission", "Submission Not Found"));

    for (const auto& [name, value] : Query{{"limit", "101"}, {"limit", "0"}, {"cursor", "not-a-cursor"},
                                           {"created_at_min", "yesterday"}, {"created_at_max", "2024-13-01"}}) {
        const auto response = get(*backend, "/contacts", {{name, value}});
        CHECK_MESSAGE(response.status == 400, name << "=" << value);
        CHECK(std::string(json_of(response).at("parameter").as_string()) == name);
    }
    CHECK(json_of(get(*backend, "/submissions", {{"submitted_at_min", "x"}})).at("parameter") == "submitted_at_min");
}

TEST_CASE("snapbar: the collection's ids exist with the documented shapes") {
    auto backend = make_backend("snapbar", 30);
    const auto contact = json_of(get(*backend, "/contacts/64f1a2b3c4d5e6f7g8h9i0j1"));
    CHECK(contact.at("email").as_string() == "john.doe@example.com");
    std::string where;
    CHECK_MESSAGE(same_shape(postman_example("Create Contact", "Successful Response"), contact, where), where);

    const auto submission = json_of(get(*backend, "/submissions/64f1a2b3c4d5e6f7g8h9i0j1"));
    where.clear();
    CHECK_MESSAGE(same_shape(postman_example("Get Submission", "Successful Response"), submission, where), where);
    CHECK(std::string(submission.at("studio_id").as_string()) == kStudio);
    CHECK(submission.at("contact").at("id").as_string() == "64f1a2b3c4d5e6f7g8h9i0j1");

    const auto listed = json_of(get(*backend, "/submissions", {{"state", "REVIEW"}, {"limit", "5"}}));
    const auto documented = postman_example("List Submissions", "Successful Response");
    where.clear();
    CHECK_MESSAGE(same_shape(documented.at("page_info"), listed.at("page_info"), where), where);
    where.clear();
    CHECK_MESSAGE(same_shape(documented.at("submissions").at(0), listed.at("submissions").at(0), where), where);

    // Submission photo URLs serve JPEG bytes.
    auto [path, query] = split_url(std::string(submission.at("photos").at(1).at("temporary_download_url").as_string()), "snapbar");
    const auto image = get(*backend, path, query);
    CHECK(image.status == 200);
    CHECK(image.body.substr(0, 3) == "\xFF\xD8\xFF");
}

TEST_CASE("snapbar: contact filters") {
    auto backend = make_backend("snapbar", 300);
    const auto by_email = walk(*backend, "contacts", {{"email", "john.doe@example.com"}}, 25);
    REQUIRE(by_email.size() == 1);
    CHECK(by_email[0].at("id").as_string() == "64f1a2b3c4d5e6f7g8h9i0j1");

    const auto custom = walk(*backend, "contacts",
                             {{"custom_attributes[example_1]", "Red"}, {"custom_attributes[example_2]", "Blue"}}, 25);
    CHECK(!custom.empty());
    CHECK(ids_of(custom).count("6931cc80f299c0770db44e2e") == 1);
    for (const auto& c : custom) {
        CHECK(c.at("custom_attributes").at("example_1").as_string() == "Red");
        CHECK(c.at("custom_attributes").at("example_2").as_string() == "Blue");
    }
    CHECK(walk(*backend, "contacts", {{"custom_attributes[example_1]", "red"}}, 25).empty());  // case sensitive

    const auto listed = walk(*backend, "contacts", {{"contact_list_id", "6931cc80f299c0770db44e02"}}, 25);
    CHECK(!listed.empty());
    CHECK(listed.size() < 330);
    for (const auto& c : listed) {
        bool member = false;
        for (const auto& id : c.at("contact_list_ids").as_array()) member |= id.as_string() == "6931cc80f299c0770db44e02";
        CHECK(member);
    }

    const auto all = walk(*backend, "contacts", {}, 100);
    const std::string low(all[50].at("created_at").as_string());
    const std::string high(all[120].at("created_at").as_string());
    const auto range = walk(*backend, "contacts", {{"created_at_min", low}, {"created_at_max", high}}, 100);
    CHECK(range.size() == 71);
    for (const auto& c : range) {
        CHECK(std::string(c.at("created_at").as_string()) >= low);
        CHECK(std::string(c.at("created_at").as_string()) <= high);
    }
    CHECK(walk(*backend, "contacts", {{"created_at_min", "2099-01-01"}}, 100).empty());
}

TEST_CASE("snapbar: submission filters") {
    auto backend = make_backend("snapbar", 300);
    std::size_t total = 0;
    for (const char* state : {"REVIEW", "ACCEPTED", "REJECTED"}) {
        const auto subs = walk(*backend, "submissions", {{"state", state}}, 50);
        CHECK(!subs.empty());
        for (const auto& s : subs) CHECK(s.at("state").as_string() == state);
        total += subs.size();
    }
    CHECK(total == 330);

    const auto by_contact = walk(*backend, "submissions", {{"contact_id", "64f1a2b3c4d5e6f7g8h9i0j1"}}, 50);
    CHECK(!by_contact.empty());
    for (const auto& s : by_contact) CHECK(s.at("contact").at("id").as_string() == "64f1a2b3c4d5e6f7g8h9i0j1");
    const auto contact = json_of(get(*backend, "/contacts/64f1a2b3c4d5e6f7g8h9i0j1"));
    CHECK(contact.at("submissions_count").as_int64() == static_cast<std::int64_t>(by_contact.size()));
    const auto by_email = walk(*backend, "submissions", {{"contact_email", "JOHN.DOE@example.com"}}, 50);
    CHECK(ids_of(by_email) == ids_of(by_contact));

    const auto all = walk(*backend, "submissions", {{"studio_id", kStudio}}, 100);
    CHECK(all.size() == 300);
    for (const auto& s : all) CHECK(std::string(s.at("studio_id").as_string()) == kStudio);
    const std::string low(all[10].at("submitted_at").as_string());
    const auto later = walk(*backend, "submissions", {{"studio_id", kStudio}, {"submitted_at_min", low}}, 100);
    CHECK(later.size() >= 280);
    CHECK(later.size() < 300);
    for (const auto& s : later) CHECK(std::string(s.at("submitted_at").as_string()) >= low);
}

TEST_CASE("snapbar: create and update contacts persist, duplicates and missing studios are refused") {
    auto backend = make_backend("snapbar", 40);
    boost::json::value create = {{"first_name", "Ada"},
                                 {"last_name", "Lovelace"},
                                 {"email", "ada@example.com"},
                                 {"phone", "+4155550100"},
                                 {"studio_ids", {kStudio + " "}},
                                 {"list_ids", boost::json::array{}},
                                 {"custom_attributes", {{"example_1", "Red"}, {"example_2", "Blue"}}}};
    const auto created = send_json(*backend, "POST", "/contacts", create);
    REQUIRE(created.status == 201);
    const auto contact = json_of(created);
    std::string where;
    CHECK_MESSAGE(same_shape(postman_example("Create Contact", "Successful Response"), contact, where), where);
    const std::string id(contact.at("id").as_string());
    CHECK(json_of(get(*backend, "/contacts/" + id)) == contact);
    const auto studio = walk(*backend, "contacts", {{"studio_id", kStudio}}, 100);
    CHECK(std::string(studio.back().at("id").as_string()) == id);  // oldest first: the new contact is last
    CHECK(studio.size() == 41);

    const auto duplicate = send_json(*backend, "POST", "/contacts", create);
    CHECK(duplicate.status == 422);
    CHECK(json_of(duplicate) == postman_example("Create Contact", "Email must be unique"));
    create.as_object()["email"] = "ADA@example.com";
    CHECK(send_json(*backend, "POST", "/contacts", create).status == 422);  // emails are case-insensitive

    boost::json::value no_studio = create;
    no_studio.as_object()["email"] = "grace@example.com";
    no_studio.as_object()["studio_ids"] = boost::json::array{};
    const auto missing = send_json(*backend, "POST", "/contacts", no_studio);
    CHECK(missing.status == 422);
    CHECK(json_of(missing) == postman_example("Create Contact", "Studio ID is required"));
    no_studio.as_object().erase("studio_ids");
    CHECK(send_json(*backend, "POST", "/contacts", no_studio).status == 422);

    const auto updated = send_json(*backend, "PUT", "/contacts/64f1a2b3c4d5e6f7g8h9i0j1",
                                   {{"first_name", "Johnny"}, {"custom_attributes", {{"role", "Director"}}}});
    REQUIRE(updated.status == 200);
    const auto fetched = json_of(get(*backend, "/contacts/64f1a2b3c4d5e6f7g8h9i0j1"));
    CHECK(fetched.at("first_name").as_string() == "Johnny");
    CHECK(fetched.at("last_name").as_string() == "Doe");
    CHECK(fetched.at("custom_attributes") == boost::json::parse(R"({"role":"Director"})"));
    CHECK(fetched.at("updated_at").as_string() > "2025-06-01");
    CHECK(json_of(get(*backend, "/submissions/64f1a2b3c4d5e6f7g8h9i0j1")).at("contact").at("first_name") == "Johnny");

    const auto taken = send_json(*backend, "PUT", "/contacts/64f1a2b3c4d5e6f7g8h9i0j1", {{"email", "ada@example.com"}});
    CHECK(taken.status == 422);
    CHECK(json_of(taken).at("details").at(0) == "Email has already been taken");
    CHECK(send_json(*backend, "PUT", "/contacts/64f1a2b3c4d5e6f7g8h9i0j1", {{"studio_ids", boost::json::array{}}}).status == 422);
    CHECK(send_json(*backend, "PUT", "/contacts/invalid_id", {{"first_name", "X"}}).status == 404);

    backend->reset();
    CHECK(get(*backend, "/contacts/" + id).status == 404);
    CHECK(json_of(get(*backend, "/contacts/64f1a2b3c4d5e6f7g8h9i0j1")).at("first_name") == "John");
}

TEST_CASE("snapbar: studio sessions") {
    auto backend = make_backend("snapbar", 20);
    const auto ok = send_json(*backend, "POST", "/studio_sessions", {{"email", "nick@heliumdev.com"}, {"studio_id", kStudio}});
    REQUIRE(ok.status == 200);
    const auto body = json_of(ok);
    std::string where;
    CHECK_MESSAGE(same_shape(postman_example("Create Studio Session", "Successful Response"), body, where), where);
    const auto contact = json_of(get(*backend, "/contacts/" + std::string(body.at("contact_id").as_string())));
    CHECK(contact.at("email") == "nick@heliumdev.com");
    CHECK(contact.at("invited_at").is_string());

    const auto invalid = send_json(*backend, "POST", "/studio_sessions", {{"email", "not an email"}, {"studio_id", kStudio}});
    CHECK(invalid.status == 422);
    CHECK(json_of(invalid) == postman_example("Create Studio Session", "Invalid Email"));
    const auto unknown = send_json(*backend, "POST", "/studio_sessions", {{"email", "a@example.com"}, {"studio_id", "nope"}});
    CHECK(unknown.status == 404);
    CHECK(json_of(unknown) == postman_example("Create Studio Session", "Studio Not Found"));
}

TEST_CASE("snapbar: same seed gives identical bytes, another seed differs") {
    auto a = make_backend("snapbar", 100, 9);
    auto b = make_backend("snapbar", 100, 9);
    auto c = make_backend("snapbar", 100, 10);
    for (const char* path : {"/contacts", "/submissions"}) {
        CHECK(get(*a, path, {{"limit", "100"}}).body == get(*b, path, {{"limit", "100"}}).body);
        CHECK(get(*a, path, {{"limit", "100"}}).body != get(*c, path, {{"limit", "100"}}).body);
    }
}
