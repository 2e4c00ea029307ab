#include "cloudcard_records.hpp"

#include <string>

namespace photobridge::plugins::cloudcard {

namespace ja = photobridge::sdk::json_access;
namespace json = boost::json;

namespace {

// An id CloudCard writes as a number (or, tolerated, a string) as text;
// nullopt when absent or null.
std::optional<std::string> id_text(const json::value& root, std::string_view path, std::string_view where) {
    const json::value* v = ja::find(root, path);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (v->is_int64()) return std::to_string(v->get_int64());
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    if (v->is_string() && !v->get_string().empty()) return std::string(v->get_string());
    ja::fail(where, path, std::string("should be an integer id, got ") + ja::kind_name(v->kind()));
}

}  // namespace

std::optional<bool> approved_of(const std::optional<std::string>& status, bool has_date_approved) {
    if (status) {
        const std::string_view s = *status;
        if (s == "APPROVED" || s == "READY_FOR_DOWNLOAD" || s == "DOWNLOADED" || s == "DONE") return true;
        if (s == "PENDING" || s == "DENIED") return false;
    }
    return has_date_approved ? std::optional<bool>(true) : std::nullopt;
}

sdk::records::Photo photo_record(const json::value& photo, std::string_view where) {
    if (!photo.is_object())
        throw sdk::protocol_error(std::string(where) + " should be an object, got " + ja::kind_name(photo.kind()));

    sdk::records::Photo r;
    const auto id = id_text(photo, "id", where);
    if (!id) ja::fail(where, "id", "is missing");
    r.id = *id;
    r.provider = std::string(kProviderId);

    if (const json::value* person = ja::find(photo, "person"); person != nullptr && !person->is_null()) {
        if (!person->is_object())
            ja::fail(where, "person", std::string("should be an object, got ") + ja::kind_name(person->kind()));
        r.person.id = id_text(photo, "person.id", where);
        r.person.email = ja::optional_string(photo, "person.email", where);
        r.person.external_id = id_text(photo, "person.identifier", where);
    }

    r.status = ja::optional_string(photo, "status", where);
    r.approved = approved_of(r.status, ja::optional_string(photo, "dateApproved", where).has_value());
    r.created_at = ja::optional_string(photo, "dateCreated", where);

    std::optional<std::string> url = ja::optional_string(photo, "links.bytes", where);
    if (!url) url = ja::optional_string(photo, "externalURL", where);
    if (url) {
        sdk::records::Media m;
        m.variant = "main";
        m.url = *url;
        m.width = ja::optional_int(photo, "width", where);
        m.height = ja::optional_int(photo, "height", where);
        r.media.push_back(std::move(m));
    }
    r.raw = photo;
    return r;
}

}  // namespace photobridge::plugins::cloudcard
