#include "headshotpro_records.hpp"

#include <array>

namespace photobridge::plugins::headshotpro {

namespace ja = photobridge::sdk::json_access;
namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 3> kKnownVariants = {"main", "thumbnail", "original"};

bool is_known_variant(std::string_view key) {
    for (auto v : kKnownVariants)
        if (v == key) return true;
    return false;
}

sdk::records::Media one_media(const json::object& urls, std::string_view key,
                              const std::optional<std::string>& expires_at, std::string_view where) {
    const json::value& v = urls.at(key);
    if (!v.is_string())
        ja::fail(where, "urls." + std::string(key), std::string("should be a string, got ") + ja::kind_name(v.kind()));
    sdk::records::Media m;
    m.variant = std::string(key);
    m.url = std::string(v.get_string());
    m.expires_at = expires_at;
    return m;
}

}  // namespace

std::vector<sdk::records::Media> media_of(const json::object& urls, const std::optional<std::string>& expires_at,
                                          std::string_view where) {
    std::vector<sdk::records::Media> out;
    for (auto key : kKnownVariants)
        if (urls.contains(key)) out.push_back(one_media(urls, key, expires_at, where));
    for (const auto& [key, value] : urls)
        if (!is_known_variant(key)) out.push_back(one_media(urls, key, expires_at, where));
    return out;
}

sdk::records::Photo photo_record(const json::value& photo, std::string_view where) {
    if (!photo.is_object())
        throw sdk::protocol_error(std::string(where) + " should be an object, got " + ja::kind_name(photo.kind()));

    sdk::records::Photo r;
    r.id = ja::require_string(photo, "id", where);
    r.provider = std::string(kProviderId);

    if (const json::value* member = ja::find(photo, "member"); member != nullptr && !member->is_null()) {
        if (!member->is_object())
            ja::fail(where, "member", std::string("should be an object, got ") + ja::kind_name(member->kind()));
        r.person.id = ja::optional_string(photo, "member.id", where);
        r.person.email = ja::optional_string(photo, "member.email", where);
        r.person.name = ja::optional_string(photo, "member.name", where);
    }

    r.status = ja::optional_string(photo, "status", where);
    r.approved = std::nullopt;
    r.created_at = ja::optional_string(photo, "createdAt", where);
    const auto expires_at = ja::optional_string(photo, "expiresAt", where);
    r.media = media_of(ja::require_object(photo, "urls", where), expires_at, where);
    r.raw = photo;
    return r;
}

}  // namespace photobridge::plugins::headshotpro
