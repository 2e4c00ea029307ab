// Snapbar (Scale Headshots) dataset: contacts, submissions and studio
// sessions (snapbar-scale-headshots.postman_collection.json).
//
// World:
// - Studio 64f1a2b3c4d5e6f7g8h9i0j2 (the collection's) holds N contacts and N
//   submissions. A second studio, 650a1b2c3d4e5f6a7b8c9d0e, holds
//   max(1, N/10) of each, interleaved, so unfiltered listings hold both.
// - Contact 64f1a2b3c4d5e6f7g8h9i0j1 is the collection's John Doe
//   (john.doe@example.com); contact 6931cc80f299c0770db44e2e is its v2 John
//   Doe (john@example.com, custom attributes example_1=Red, example_2=Blue).
//   Submission 64f1a2b3c4d5e6f7g8h9i0j1 (ACCEPTED, two photos) belongs to
//   contact ...j1.
// - Contact lists 6931cc80f299c0770db44e01, ...e02 and ...e03.
//
// Listings are oldest first; `next_cursor` is the id of the first record of
// the next page (like the collection's examples), so it stays valid while
// records are added. Writes are stamped by the logical clock of timestamps.hpp.
// Locking: one shared_mutex; reads share it, writes and reset own it.
#include "dataset_backend.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "dataset/image_synth.hpp"
#include "dataset/rendered_records.hpp"
#include "dataset/request_helpers.hpp"
#include "dataset/seeded_random.hpp"
#include "dataset/synthetic_identity.hpp"
#include "dataset/timestamps.hpp"

namespace photobridge::mock::dataset {
namespace {

constexpr std::string_view kDocStudio = "64f1a2b3c4d5e6f7g8h9i0j2";
constexpr std::string_view kSecondStudio = "650a1b2c3d4e5f6a7b8c9d0e";
constexpr std::string_view kDocContact = "64f1a2b3c4d5e6f7g8h9i0j1";
constexpr std::string_view kDocV2Contact = "6931cc80f299c0770db44e2e";
constexpr std::string_view kDocSubmission = "64f1a2b3c4d5e6f7g8h9i0j1";
constexpr std::array<std::string_view, 3> kContactLists{"6931cc80f299c0770db44e01", "6931cc80f299c0770db44e02",
                                                       "6931cc80f299c0770db44e03"};
constexpr std::array<std::string_view, 3> kStates{"REVIEW", "ACCEPTED", "REJECTED"};
// 2023-09-01T10:00:00.000Z, the collection's oldest date: synthesized records start here.
constexpr UnixMillis kFirstRecordTime = 1693562400000;

struct SubmissionPhoto {
    std::string name;
    int height = 1080, width = 1920;
};

struct Contact {
    std::string id;
    std::optional<std::string> first_name, last_name, phone;
    std::string email;
    boost::json::object custom_attributes;
    std::vector<std::string> contact_list_ids;
    std::set<std::string> studio_ids;
    UnixMillis created_at = 0, updated_at = 0;
    std::optional<UnixMillis> invited_at;
    std::vector<std::size_t> submissions;  // indices into submissions_
};

struct Submission {
    std::string id;
    std::string state;
    UnixMillis created_at = 0, updated_at = 0, submitted_at = 0;
    std::string studio_id;
    std::size_t contact = 0;
    std::vector<SubmissionPhoto> photos;
};

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return std::string(text);
}

// A deliberately simple check: one "@", something before it, a dot after it, no spaces.
bool looks_like_email(std::string_view email) {
    const std::size_t at = email.find('@');
    if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) return false;
    const std::size_t dot = email.find('.', at);
    if (dot == std::string_view::npos || dot == at + 1 || dot + 1 >= email.size()) return false;
    return email.find_first_of(" \t\r\n") == std::string_view::npos;
}

boost::json::value optional_string(const std::optional<std::string>& value) {
    return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

MockResponse error_body(int status, std::string_view message) {
    return json_response(status, boost::json::value{{"error", message}});
}

class SnapbarBackend final : public DatasetBackend {
public:
    explicit SnapbarBackend(const DatasetOptions& options) : DatasetBackend("snapbar"), options_(options) {
        synthesize();
        route("GET", "/contacts", "snapbar.list_contacts",
              [this](const MockRequest& r, const RouteParams&) { return list_contacts(r); });
        route("POST", "/contacts", "snapbar.create_contact",
              [this](const MockRequest& r, const RouteParams&) { return create_contact(r); });
        route("GET", "/contacts/{id}", "snapbar.get_contact",
              [this](const MockRequest&, const RouteParams& p) { return get_contact(p["id"]); });
        for (const char* method : {"PUT", "PATCH"})
            route(method, "/contacts/{id}", "snapbar.update_contact",
                  [this](const MockRequest& r, const RouteParams& p) { return update_contact(r, p["id"]); });
        route("GET", "/submissions", "snapbar.list_submissions",
              [this](const MockRequest& r, const RouteParams&) { return list_submissions(r); });
        route("GET", "/submissions/{id}", "snapbar.get_submission",
              [this](const MockRequest& r, const RouteParams& p) { return get_submission(r, p["id"]); });
        route("POST", "/studio_sessions", "snapbar.create_studio_session",
              [this](const MockRequest& r, const RouteParams&) { return create_studio_session(r); });
        route("GET", "/cdn/submissions/{id}/{file}", "snapbar.cdn",
              [this](const MockRequest&, const RouteParams& p) { return serve_cdn(p["id"], p["file"]); });
    }

    void reset() override {
        std::unique_lock lock(mutex_);
        synthesize();
    }

private:
    // ---- synthesis -------------------------------------------------------------

    void synthesize() {
        contacts_.clear();
        submissions_.clear();
        contact_by_id_.clear();
        contact_by_email_.clear();
        submission_by_id_.clear();
        rendered_contacts_.clear();
        rendered_submissions_.clear();
        writes_ = 0;

        const std::size_t n = options_.records;
        const std::size_t second_wanted = n == 0 ? 0 : std::max<std::size_t>(1, n / 10);
        const UnixMillis step = std::max<UnixMillis>(1000, (kDatasetAnchorTime - kFirstRecordTime) /
                                                               static_cast<UnixMillis>(2 * (n + second_wanted) + 2));
        std::array<std::vector<std::size_t>, 2> studio_contacts;  // [doc studio, second studio]

        // Contacts.
        for (std::size_t k = 0, doc_made = 0, second_made = 0; doc_made < n || second_made < second_wanted; ++k) {
            SeededRandom random = SeededRandom::for_record(options_.seed, "snapbar.contact", k);
            const bool second = doc_made == n || (second_made < second_wanted && k % 11 == 10);
            (second ? second_made : doc_made) += 1;
            Contact contact;
            const SyntheticPerson person = make_person(random, k);
            contact.first_name = person.first_name;
            contact.last_name = person.last_name;
            contact.email = person.email;
            contact.phone = person.phone;
            contact.custom_attributes = {{"company", pick_company(random)},
                                         {"role", pick_role(random)},
                                         {"example_1", pick_colour(random)},
                                         {"example_2", pick_colour(random)}};
            for (std::string_view list : kContactLists)
                if (random.chance(0.3)) contact.contact_list_ids.emplace_back(list);
            contact.created_at = kFirstRecordTime + static_cast<UnixMillis>(k) * step + random.between(0, step / 2);
            contact.updated_at = contact.created_at + random.between(0, step / 2);
            if (random.chance(0.6)) contact.invited_at = contact.created_at;
            contact.studio_ids.insert(std::string(second ? kSecondStudio : kDocStudio));
            if (k == 0) {
                contact.id = kDocContact;
                contact.first_name = "John";
                contact.last_name = "Doe";
                contact.email = "john.doe@example.com";
                contact.phone = "+1234567890";
                contact.custom_attributes = {{"company", "Acme Corp"}, {"role", "Manager"}};
                contact.created_at = kFirstRecordTime;
                contact.updated_at = kFirstRecordTime + 14LL * 24 * 3600 * 1000 + 16200000;  // 2023-09-15T14:30
                contact.invited_at = kFirstRecordTime;
            } else if (k == 1) {
                contact.id = kDocV2Contact;
                contact.first_name = "John";
                contact.last_name = "Doe";
                contact.email = "john@example.com";
                contact.phone = "+4153156485";
                contact.custom_attributes = {{"Bingo", ""},     {"Department", ""},   {"EmployeeID", ""},
                                             {"HEY", ""},       {"example_1", "Red"}, {"example_2", "Blue"}};
                contact.invited_at.reset();
            } else {
                contact.id = unique_id(random, contact_by_id_);
            }
            studio_contacts[second ? 1 : 0].push_back(contacts_.size());
            add_contact(std::move(contact));
        }

        // Submissions, oldest first; each picks a contact of its studio created before it.
        for (std::size_t k = 0, doc_made = 0, second_made = 0; doc_made < n || second_made < second_wanted; ++k) {
            SeededRandom random = SeededRandom::for_record(options_.seed, "snapbar.submission", k);
            const bool second = doc_made == n || (second_made < second_wanted && k % 11 == 10);
            (second ? second_made : doc_made) += 1;
            const auto& candidates = studio_contacts[second ? 1 : 0];
            Submission submission;
            submission.studio_id = second ? kSecondStudio : kDocStudio;
            // Contacts and submissions share the interleaving, so the studio's
            // contacts up to index k were all created before this submission.
            const auto created_before = static_cast<std::size_t>(
                std::upper_bound(candidates.begin(), candidates.end(), k) - candidates.begin());
            submission.contact = k == 0 ? 0 : candidates[random.below(std::max<std::size_t>(1, created_before))];
            submission.id = k == 0 ? std::string(kDocSubmission) : unique_id(random, submission_by_id_);
            submission.state = k == 0 ? "ACCEPTED" : std::string(random.pick(kStates));
            submission.created_at = kFirstRecordTime + static_cast<UnixMillis>(k) * step + step / 2 +
                                    random.between(0, step / 4);
            submission.submitted_at = submission.created_at + random.between(0, 600) * 1000;
            submission.updated_at = submission.submitted_at + random.between(0, 14 * 24 * 3600) * 1000LL;
            const std::size_t photo_count = k == 0 ? 2 : static_cast<std::size_t>(random.between(1, 3));
            static constexpr std::array<std::string_view, 3> kEdits{
                "Portrait - Standard Edit", "Portrait - Premium Edit", "Portrait - Background Swap"};
            for (std::size_t p = 0; p < photo_count; ++p) {
                const bool large = p == 1;
                submission.photos.push_back({std::string(kEdits[p]), large ? 2160 : 1080, large ? 3840 : 1920});
            }
            contacts_[submission.contact].submissions.push_back(submissions_.size());
            submission_by_id_.emplace(submission.id, submissions_.size());
            submissions_.push_back(std::move(submission));
        }
    }

    template <typename Map>
    static std::string unique_id(SeededRandom& random, const Map& taken) {
        std::string id;
        do id = make_hex_id(random, 24);
        while (taken.count(id) || id == kDocStudio || id == kSecondStudio);
        return id;
    }

    void add_contact(Contact contact) {
        contact_by_id_.emplace(contact.id, contacts_.size());
        contact_by_email_.emplace(lower(contact.email), contacts_.size());
        contacts_.push_back(std::move(contact));
    }

    static bool studio_exists(std::string_view id) { return id == kDocStudio || id == kSecondStudio; }

    UnixMillis next_write_time() { return kDatasetAnchorTime + static_cast<UnixMillis>(++writes_) * 1000; }

    // ---- listings ----------------------------------------------------------------

    struct Page {
        std::vector<std::size_t> indices;
        std::optional<std::string> next_cursor;
    };

    // Walks `order` from the record whose id is `cursor` (or the start),
    // collecting up to `limit` records that `matches`; the next match, if
    // any, becomes next_cursor.
    template <typename Record, typename Matches>
    static Page collect_page(const std::vector<Record>& records, std::size_t start, std::size_t limit,
                             Matches matches) {
        Page page;
        for (std::size_t i = start; i < records.size(); ++i) {
            if (!matches(records[i])) continue;
            if (page.indices.size() == limit) {
                page.next_cursor = records[i].id;
                break;
            }
            page.indices.push_back(i);
        }
        return page;
    }

    static std::string page_json(std::string_view collection, const std::string& items, const Page& page,
                                 std::int64_t limit) {
        const boost::json::object info{{"has_next", page.next_cursor.has_value()},
                                       {"next_cursor", page.next_cursor ? boost::json::value(*page.next_cursor)
                                                                        : boost::json::value(nullptr)},
                                       {"count", page.indices.size()},
                                       {"limit", limit}};
        std::string out = "{\"";
        out += collection;
        out += "\":";
        out += items;
        out += ",\"page_info\":";
        out += boost::json::serialize(info);
        out += '}';
        return out;
    }

    // Reads limit, cursor and an ISO date range shared by both listings.
    template <typename Map>
    std::optional<MockResponse> read_paging(const MockRequest& request, const Map& by_id, std::int64_t& limit,
                                            std::size_t& start) const {
        if (auto error = read_integer_param(request, "limit", 25, 1, 100, limit)) return error;
        start = 0;
        if (const std::string* cursor = query_value(request, "cursor"); cursor && !cursor->empty()) {
            const auto it = by_id.find(*cursor);
            if (it == by_id.end())
                return invalid_parameter("cursor", *cursor, "cursor is not a next_cursor value from a previous page");
            start = it->second;
        }
        return std::nullopt;
    }

    static std::optional<MockResponse> read_date(const MockRequest& request, std::string_view name,
                                                 std::optional<UnixMillis>& out) {
        out.reset();
        const std::string* text = query_value(request, name);
        if (text == nullptr || text->empty()) return std::nullopt;
        out = parse_iso8601(*text);
        if (!out) return invalid_parameter(name, *text, std::string(name) + " must be an ISO 8601 date or date-time");
        return std::nullopt;
    }

    std::optional<MockResponse> list_contacts(const MockRequest& request) {
        std::shared_lock lock(mutex_);
        std::int64_t limit = 0;
        std::size_t start = 0;
        if (auto error = read_paging(request, contact_by_id_, limit, start)) return error;
        std::optional<UnixMillis> created_min, created_max;
        if (auto error = read_date(request, "created_at_min", created_min)) return error;
        if (auto error = read_date(request, "created_at_max", created_max)) return error;
        const std::string* studio = query_value(request, "studio_id");
        if (studio && !studio_exists(*studio)) return error_body(404, "Studio not found");
        const std::string* email = query_value(request, "email");
        const std::string email_lower = email ? lower(*email) : std::string();
        const std::string* list = query_value(request, "contact_list_id");
        std::vector<std::pair<std::string, std::string>> attributes;
        for (const auto& [key, value] : request.query) {
            if (key.starts_with("custom_attributes[") && key.ends_with("]"))
                attributes.emplace_back(key.substr(18, key.size() - 19), value);
        }

        const Page page = collect_page(contacts_, start, static_cast<std::size_t>(limit), [&](const Contact& c) {
            if (studio && !c.studio_ids.count(*studio)) return false;
            if (email && lower(c.email) != email_lower) return false;
            if (list && std::find(c.contact_list_ids.begin(), c.contact_list_ids.end(), *list) ==
                            c.contact_list_ids.end())
                return false;
            if (created_min && c.created_at < *created_min) return false;
            if (created_max && c.created_at > *created_max) return false;
            for (const auto& [key, value] : attributes) {
                const auto* actual = c.custom_attributes.if_contains(key);
                if (actual == nullptr || !actual->is_string() || actual->as_string() != value) return false;
            }
            return true;
        });
        const auto fragments = contact_fragments();
        return json_response(200, page_json("contacts", join_json_array(*fragments, page.indices), page, limit));
    }

    std::optional<MockResponse> list_submissions(const MockRequest& request) {
        std::shared_lock lock(mutex_);
        std::int64_t limit = 0;
        std::size_t start = 0;
        if (auto error = read_paging(request, submission_by_id_, limit, start)) return error;
        std::optional<UnixMillis> submitted_min, submitted_max;
        if (auto error = read_date(request, "submitted_at_min", submitted_min)) return error;
        if (auto error = read_date(request, "submitted_at_max", submitted_max)) return error;
        const std::string* state = query_value(request, "state");
        if (state && std::find(kStates.begin(), kStates.end(), *state) == kStates.end()) {
            return error_body(422, "'" + *state + "' is not a valid state. Valid states are: REVIEW, ACCEPTED, REJECTED");
        }
        const std::string* studio = query_value(request, "studio_id");
        if (studio && !studio_exists(*studio)) return error_body(404, "Studio not found");
        const std::string* contact_email = query_value(request, "contact_email");
        const std::string email_lower = contact_email ? lower(*contact_email) : std::string();
        const std::string* contact_id = query_value(request, "contact_id");

        const Page page = collect_page(submissions_, start, static_cast<std::size_t>(limit), [&](const Submission& s) {
            const Contact& contact = contacts_[s.contact];
            if (studio && s.studio_id != *studio) return false;
            if (state && s.state != *state) return false;
            if (contact_email && lower(contact.email) != email_lower) return false;
            if (contact_id && contact.id != *contact_id) return false;
            if (submitted_min && s.submitted_at < *submitted_min) return false;
            if (submitted_max && s.submitted_at > *submitted_max) return false;
            return true;
        });
        const auto fragments = submission_fragments(request.provider_base_url);
        return json_response(200, page_json("submissions", join_json_array(*fragments, page.indices), page, limit));
    }

    // ---- single records ----------------------------------------------------------

    std::optional<MockResponse> get_contact(const std::string& id) {
        std::shared_lock lock(mutex_);
        const auto it = contact_by_id_.find(id);
        if (it == contact_by_id_.end()) return error_body(404, "Contact not found");
        return json_response(200, (*contact_fragments())[it->second]);
    }

    std::optional<MockResponse> get_submission(const MockRequest& request, const std::string& id) {
        std::shared_lock lock(mutex_);
        const auto it = submission_by_id_.find(id);
        if (it == submission_by_id_.end()) return error_body(404, "Submission not found");
        return json_response(200, (*submission_fragments(request.provider_base_url))[it->second]);
    }

    // ---- writes ------------------------------------------------------------------

    // The fields of a create or update body, validated. Absent fields stay nullopt.
    struct ContactFields {
        std::optional<std::optional<std::string>> first_name, last_name, phone;
        std::optional<std::string> email;
        std::optional<std::set<std::string>> studio_ids;
        std::optional<std::vector<std::string>> list_ids;
        std::optional<boost::json::object> custom_attributes;
    };

    // Returns an error response, or fills `fields`. `failure` is the
    // collection's wording: "Failed to create contact" / "Failed to update contact".
    static std::optional<MockResponse> read_contact_fields(const MockRequest& request, std::string_view failure,
                                                           ContactFields& fields) {
        auto parsed = parse_json_body(request.body);
        if (!parsed || !parsed->is_object()) return invalid_parameter("body", "the request body must be a JSON object");
        const boost::json::object& body = parsed->as_object();
        const auto details = [&](std::string_view detail) {
            return json_response(422, boost::json::value{{"error", failure}, {"details", boost::json::array{detail}}});
        };
        const auto read_name = [&](std::string_view key, std::optional<std::optional<std::string>>& out)
            -> std::optional<MockResponse> {
            const auto* value = body.if_contains(key);
            if (value == nullptr) return std::nullopt;
            if (value->is_null()) out.emplace(std::nullopt);
            else if (value->is_string()) out.emplace(std::string(value->as_string()));
            else return details(std::string(key) + " must be a string");
            return std::nullopt;
        };
        if (auto error = read_name("first_name", fields.first_name)) return error;
        if (auto error = read_name("last_name", fields.last_name)) return error;
        if (auto error = read_name("phone", fields.phone)) return error;
        if (const auto* studios = body.if_contains("studio_ids")) {
            std::set<std::string> ids;
            if (studios->is_array()) {
                for (const auto& id : studios->as_array())
                    if (id.is_string() && !trim(id.as_string()).empty()) ids.insert(trim(id.as_string()));
            }
            fields.studio_ids = std::move(ids);
        }
        if (const auto* email = body.if_contains("email")) {
            const std::string text = email->is_string() ? trim(email->as_string()) : std::string();
            if (text.empty()) return details("Email can't be blank");
            if (!looks_like_email(text)) return details("Email is invalid");
            fields.email = text;
        }
        if (const auto* lists = body.if_contains("list_ids"); lists && !lists->is_null()) {
            if (!lists->is_array()) return details("list_ids must be an array");
            std::vector<std::string> ids;
            for (const auto& id : lists->as_array()) {
                if (!id.is_string()) return details("list_ids must be an array of strings");
                ids.emplace_back(id.as_string());
            }
            fields.list_ids = std::move(ids);
        }
        if (const auto* attributes = body.if_contains("custom_attributes"); attributes && !attributes->is_null()) {
            if (!attributes->is_object()) return details("custom_attributes must be an object");
            for (const auto& entry : attributes->as_object())
                if (!entry.value().is_string()) return details("custom_attributes values must be strings");
            fields.custom_attributes = attributes->as_object();
        }
        return std::nullopt;
    }

    std::optional<MockResponse> create_contact(const MockRequest& request) {
        ContactFields fields;
        if (auto error = read_contact_fields(request, "Failed to create contact", fields)) return error;
        if (!fields.studio_ids || fields.studio_ids->empty()) return error_body(422, "At least one studio is required");
        for (const auto& studio : *fields.studio_ids)
            if (!studio_exists(studio)) return error_body(404, "Studio not found");
        if (!fields.email) {
            return json_response(422, boost::json::value{{"error", "Failed to create contact"},
                                                         {"details", boost::json::array{"Email can't be blank"}}});
        }
        std::unique_lock lock(mutex_);
        if (contact_by_email_.count(lower(*fields.email))) return email_taken("Failed to create contact");
        Contact contact;
        SeededRandom random = SeededRandom::for_record(options_.seed, "snapbar.created-contact", writes_ + 1);
        contact.id = unique_id(random, contact_by_id_);
        contact.email = *fields.email;
        contact.created_at = contact.updated_at = next_write_time();
        apply(fields, contact);
        add_contact(std::move(contact));
        return json_response(201, (*contact_fragments())[contacts_.size() - 1]);
    }

    std::optional<MockResponse> update_contact(const MockRequest& request, const std::string& id) {
        ContactFields fields;
        {
            std::shared_lock lock(mutex_);
            if (!contact_by_id_.count(id)) return error_body(404, "Contact not found");
        }
        if (auto error = read_contact_fields(request, "Failed to update contact", fields)) return error;
        if (fields.studio_ids && fields.studio_ids->empty()) return error_body(422, "At least one studio is required");
        if (fields.studio_ids)
            for (const auto& studio : *fields.studio_ids)
                if (!studio_exists(studio)) return error_body(404, "Studio not found");
        std::unique_lock lock(mutex_);
        const auto it = contact_by_id_.find(id);
        if (it == contact_by_id_.end()) return error_body(404, "Contact not found");
        Contact& contact = contacts_[it->second];
        if (fields.email && lower(*fields.email) != lower(contact.email)) {
            if (contact_by_email_.count(lower(*fields.email))) return email_taken("Failed to update contact");
            contact_by_email_.erase(lower(contact.email));
            contact_by_email_.emplace(lower(*fields.email), it->second);
            contact.email = *fields.email;
        }
        apply(fields, contact);
        contact.updated_at = next_write_time();
        contact_changed(it->second);
        return json_response(200, (*contact_fragments())[it->second]);
    }

    // Body {"email", "studio_id"}: invites the contact with that email into the
    // studio, creating the contact when the email is new.
    std::optional<MockResponse> create_studio_session(const MockRequest& request) {
        auto parsed = parse_json_body(request.body);
        if (!parsed || !parsed->is_object()) return invalid_parameter("body", "the request body must be a JSON object");
        const boost::json::object& body = parsed->as_object();
        const auto* studio = body.if_contains("studio_id");
        if (studio == nullptr || !studio->is_string() || !studio_exists(trim(studio->as_string())))
            return error_body(404, "Studio not found");
        const auto* email_value = body.if_contains("email");
        const std::string email = email_value && email_value->is_string() ? trim(email_value->as_string()) : "";
        if (!looks_like_email(email)) {
            return json_response(422, boost::json::value{
                                          {"errors", boost::json::array{boost::json::object{
                                                         {"path", boost::json::array{"email"}},
                                                         {"message", "Email address is invalid"}}}}});
        }
        const std::string studio_id = trim(studio->as_string());
        std::unique_lock lock(mutex_);
        std::size_t index = 0;
        if (const auto it = contact_by_email_.find(lower(email)); it != contact_by_email_.end()) {
            index = it->second;
            Contact& contact = contacts_[index];
            contact.studio_ids.insert(studio_id);
            contact.invited_at = contact.updated_at = next_write_time();
            contact_changed(index);
        } else {
            Contact contact;
            SeededRandom random = SeededRandom::for_record(options_.seed, "snapbar.created-contact", writes_ + 1);
            contact.id = unique_id(random, contact_by_id_);
            contact.email = email;
            contact.studio_ids.insert(studio_id);
            contact.created_at = contact.updated_at = next_write_time();
            contact.invited_at = contact.created_at;
            index = contacts_.size();
            add_contact(std::move(contact));
        }
        SeededRandom token = SeededRandom::for_record(options_.seed, contacts_[index].id + "|" + studio_id, 0);
        return json_response(200, boost::json::value{
                                      {"studio_session_url",
                                       request.provider_base_url + "/session/invite/" + make_token(token, 12)},
                                      {"contact_id", contacts_[index].id}});
    }

    static MockResponse email_taken(std::string_view failure) {
        return json_response(422, boost::json::value{{"error", failure},
                                                     {"details", boost::json::array{"Email has already been taken"}}});
    }

    static void apply(const ContactFields& fields, Contact& contact) {
        if (fields.first_name) contact.first_name = *fields.first_name;
        if (fields.last_name) contact.last_name = *fields.last_name;
        if (fields.phone) contact.phone = *fields.phone;
        if (fields.studio_ids) contact.studio_ids = *fields.studio_ids;
        if (fields.list_ids) contact.contact_list_ids = *fields.list_ids;
        if (fields.custom_attributes) contact.custom_attributes = *fields.custom_attributes;
    }

    // After a contact changes: its own JSON and every submission embedding it.
    void contact_changed(std::size_t index) {
        rendered_contacts_.invalidate(index, contact_renderer());
        for (std::size_t submission : contacts_[index].submissions)
            rendered_submissions_.invalidate(submission, submission_renderer());
    }

    // ---- CDN ---------------------------------------------------------------------

    // /cdn/submissions/<submission id>/<n>.jpg
    std::optional<MockResponse> serve_cdn(const std::string& submission_id, std::string_view file) {
        std::shared_lock lock(mutex_);
        const auto it = submission_by_id_.find(submission_id);
        std::size_t photo = 0;
        const bool named = file.size() == 5 && file.ends_with(".jpg") && file[0] >= '0' && file[0] <= '9';
        if (named) photo = static_cast<std::size_t>(file[0] - '0');
        if (it == submission_by_id_.end() || !named || photo >= submissions_[it->second].photos.size())
            return json_response(404, boost::json::value{{"error", "not found"}});
        return bytes_response(dataset_photo_jpeg(submission_id + "/" + std::string(file), options_.image_bytes),
                              "image/jpeg");
    }

    // ---- rendering -------------------------------------------------------------------

    RenderedRecords::Renderer contact_renderer() const {
        return [this](std::size_t i, const std::string&) {
            const Contact& c = contacts_[i];
            boost::json::array lists;
            for (const auto& id : c.contact_list_ids) lists.emplace_back(id);
            return boost::json::serialize(boost::json::object{
                {"id", c.id},
                {"email", c.email},
                {"first_name", optional_string(c.first_name)},
                {"last_name", optional_string(c.last_name)},
                {"phone", optional_string(c.phone)},
                {"custom_attributes", c.custom_attributes},
                {"submissions_count", c.submissions.size()},
                {"contact_list_ids", std::move(lists)},
                {"created_at", format_iso_millis(c.created_at)},
                {"updated_at", format_iso_millis(c.updated_at)},
                {"invited_at", c.invited_at ? boost::json::value(format_iso_millis(*c.invited_at))
                                            : boost::json::value(nullptr)}});
        };
    }

    RenderedRecords::Renderer submission_renderer() const {
        return [this](std::size_t i, const std::string& base_url) {
            const Submission& s = submissions_[i];
            const Contact& c = contacts_[s.contact];
            boost::json::array photos;
            for (std::size_t p = 0; p < s.photos.size(); ++p) {
                photos.push_back(boost::json::object{
                    {"name", s.photos[p].name},
                    {"enhancement_status", "ENHANCED"},
                    {"height", s.photos[p].height},
                    {"width", s.photos[p].width},
                    {"temporary_download_url",
                     base_url + "/cdn/submissions/" + s.id + "/" + std::to_string(p) + ".jpg"}});
            }
            return boost::json::serialize(boost::json::object{
                {"id", s.id},
                {"email", c.email},
                {"state", s.state},
                {"created_at", format_iso_millis(s.created_at)},
                {"updated_at", format_iso_millis(s.updated_at)},
                {"submitted_at", format_iso_millis(s.submitted_at)},
                {"studio_id", s.studio_id},
                {"photos", std::move(photos)},
                {"contact",
                 {{"id", c.id},
                  {"created_at", format_iso_millis(c.created_at)},
                  {"updated_at", format_iso_millis(c.updated_at)},
                  {"first_name", optional_string(c.first_name)},
                  {"last_name", optional_string(c.last_name)},
                  {"email", c.email},
                  {"phone", optional_string(c.phone)},
                  {"custom_attributes", c.custom_attributes}}}});
        };
    }

    // Contacts carry no URLs: one rendering, keyed on the empty base URL.
    std::shared_ptr<const RenderedRecords::Fragments> contact_fragments() {
        return rendered_contacts_.get("", contacts_.size(), contact_renderer());
    }
    std::shared_ptr<const RenderedRecords::Fragments> submission_fragments(const std::string& base_url) {
        return rendered_submissions_.get(base_url, submissions_.size(), submission_renderer());
    }

    const DatasetOptions options_;
    std::shared_mutex mutex_;
    std::vector<Contact> contacts_;
    std::vector<Submission> submissions_;
    std::unordered_map<std::string, std::size_t> contact_by_id_;
    std::unordered_map<std::string, std::size_t> contact_by_email_;  // lower-cased email
    std::unordered_map<std::string, std::size_t> submission_by_id_;
    RenderedRecords rendered_contacts_;
    RenderedRecords rendered_submissions_;
    std::uint64_t writes_ = 0;
};

}  // namespace

std::unique_ptr<DatasetBackend> make_snapbar_backend(const DatasetOptions& options) {
    return std::make_unique<SnapbarBackend>(options);
}

}  // namespace photobridge::mock::dataset
