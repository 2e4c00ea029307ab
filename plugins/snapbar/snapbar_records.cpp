#include "snapbar_records.hpp"

#include <string>

namespace photobridge::plugins::snapbar {

namespace json = boost::json;
namespace ja = photobridge::sdk::json_access;

namespace {

void require_object_value(const json::value& v, std::string_view where) {
    if (!v.is_object())
        throw sdk::protocol_error(std::string(where) + ": should be an object, got " + ja::kind_name(v.kind()));
}

// The custom_attributes object as given, {} when missing or null.
json::value custom_attributes(const json::value& object, std::string_view where) {
    const json::value* v = ja::find(object, "custom_attributes");
    if (v == nullptr || v->is_null()) return json::object();
    if (!v->is_object())
        ja::fail(where, "custom_attributes", std::string("should be an object, got ") + ja::kind_name(v->kind()));
    return *v;
}

std::optional<bool> approved_from_state(const std::optional<std::string>& state) {
    if (!state) return std::nullopt;
    if (*state == "ACCEPTED") return true;
    if (*state == "REJECTED") return false;
    return std::nullopt;
}

std::vector<sdk::records::Media> media_from_photos(const json::value& submission, std::string_view where) {
    std::vector<sdk::records::Media> media;
    const json::value* photos = ja::find(submission, "photos");
    if (photos == nullptr || photos->is_null()) return media;
    if (!photos->is_array())
        ja::fail(where, "photos", std::string("should be an array, got ") + ja::kind_name(photos->kind()));
    const auto& list = photos->get_array();
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string at = std::string(where) + ".photos[" + std::to_string(i) + "]";
        require_object_value(list[i], at);
        auto url = ja::optional_string(list[i], "temporary_download_url", at);
        if (!url) continue;  // not downloadable (yet); raw keeps the photo
        sdk::records::Media m;
        m.variant = ja::optional_string(list[i], "name", at).value_or("photo-" + std::to_string(i + 1));
        m.url = std::move(*url);
        m.width = ja::optional_int(list[i], "width", at);
        m.height = ja::optional_int(list[i], "height", at);
        media.push_back(std::move(m));
    }
    return media;
}

std::optional<std::string> full_name(const std::optional<std::string>& first, const std::optional<std::string>& last) {
    sdk::records::Contact c;
    c.first_name = first;
    c.last_name = last;
    return c.name();
}

}  // namespace

std::string require_id(const json::value& object, std::string_view path, std::string_view where) {
    const json::value& v = ja::require(object, path, where);
    if (v.is_string()) {
        if (v.get_string().empty()) ja::fail(where, path, "is empty");
        return std::string(v.get_string());
    }
    if (v.is_int64() || v.is_uint64()) return json::serialize(v);
    ja::fail(where, path, std::string("should be a string or an integer, got ") + ja::kind_name(v.kind()));
}

json::object contact_record(const json::value& contact, std::string_view where) {
    require_object_value(contact, where);
    sdk::records::Contact c;
    c.id = require_id(contact, "id", where);
    c.provider = kProvider;
    c.email = ja::optional_string(contact, "email", where);
    c.first_name = ja::optional_string(contact, "first_name", where);
    c.last_name = ja::optional_string(contact, "last_name", where);
    c.phone = ja::optional_string(contact, "phone", where);
    c.custom_attributes = custom_attributes(contact, where);
    c.created_at = ja::optional_string(contact, "created_at", where);
    c.updated_at = ja::optional_string(contact, "updated_at", where);
    c.raw = contact;
    return c.to_json();
}

json::object submission_record(const json::value& submission, std::string_view where) {
    require_object_value(submission, where);
    sdk::records::Photo p;
    p.id = require_id(submission, "id", where);
    p.provider = kProvider;
    p.status = ja::optional_string(submission, "state", where);
    p.approved = approved_from_state(p.status);
    p.created_at = ja::optional_string(submission, "created_at", where);
    p.media = media_from_photos(submission, where);

    const json::value* contact = ja::find(submission, "contact");
    if (contact != nullptr && !contact->is_null()) {
        const std::string at = std::string(where) + ".contact";
        require_object_value(*contact, at);
        if (const auto* id = ja::find(*contact, "id"); id != nullptr && !id->is_null())
            p.person.id = require_id(*contact, "id", at);
        p.person.email = ja::optional_string(*contact, "email", at);
        p.person.name =
            full_name(ja::optional_string(*contact, "first_name", at), ja::optional_string(*contact, "last_name", at));
    }
    if (!p.person.email) p.person.email = ja::optional_string(submission, "email", where);
    p.raw = submission;

    json::object out = p.to_json();
    out["kind"] = "submission";
    out["submitted_at"] = ja::string_or_null(ja::optional_string(submission, "submitted_at", where));
    out["updated_at"] = ja::string_or_null(ja::optional_string(submission, "updated_at", where));
    out["studio_id"] = ja::string_or_null(ja::optional_string(submission, "studio_id", where));
    return out;
}

}  // namespace photobridge::plugins::snapbar
