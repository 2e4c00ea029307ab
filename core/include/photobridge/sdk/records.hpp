// The canonical records every plugin maps its provider's data to (see
// sdk-docs/records.md). Builders make sure each record has every field, null
// where the provider has nothing, and the provider's JSON untouched under raw.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace photobridge::sdk::records {

namespace json = boost::json;

inline json::value opt(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }
inline json::value opt(const std::optional<std::int64_t>& n) { return n ? json::value(*n) : json::value(nullptr); }
inline json::value opt(const std::optional<bool>& b) { return b ? json::value(*b) : json::value(nullptr); }

struct Person {
    std::optional<std::string> id;
    std::optional<std::string> email;
    std::optional<std::string> name;
    std::optional<std::string> external_id;

    json::object to_json() const {
        return json::object{{"id", opt(id)}, {"email", opt(email)}, {"name", opt(name)}, {"external_id", opt(external_id)}};
    }
};

struct Media {
    std::string variant;  // "main", "thumbnail", "original", ...
    std::string url;
    std::optional<std::int64_t> width;
    std::optional<std::int64_t> height;
    std::optional<std::string> expires_at;  // ISO 8601

    json::object to_json() const {
        return json::object{{"variant", variant}, {"url", url},           {"width", opt(width)},
                            {"height", opt(height)}, {"expires_at", opt(expires_at)}};
    }
};

// kind "photo": anything that carries an image.
struct Photo {
    std::string id;
    std::string provider;
    Person person;
    std::optional<std::string> status;
    std::optional<bool> approved;
    std::optional<std::string> created_at;  // ISO 8601, as the provider wrote it
    std::vector<Media> media;
    json::value raw;

    json::object to_json() const {
        json::array m;
        for (const auto& one : media) m.push_back(one.to_json());
        return json::object{{"kind", "photo"},          {"id", id},          {"provider", provider},
                            {"person", person.to_json()}, {"status", opt(status)}, {"approved", opt(approved)},
                            {"created_at", opt(created_at)}, {"media", std::move(m)}, {"raw", raw}};
    }
};

// kind "contact": a person known to a provider.
struct Contact {
    std::string id;
    std::string provider;
    std::optional<std::string> email;
    std::optional<std::string> first_name;
    std::optional<std::string> last_name;
    std::optional<std::string> phone;
    std::optional<std::string> external_id;
    json::value custom_attributes = json::object();
    std::optional<std::string> created_at;
    std::optional<std::string> updated_at;
    json::value raw;

    std::optional<std::string> name() const {
        if (!first_name && !last_name) return std::nullopt;
        std::string n = first_name.value_or("");
        if (last_name) n += (n.empty() ? "" : " ") + *last_name;
        return n;
    }

    json::object to_json() const {
        return json::object{{"kind", "contact"},        {"id", id},
                            {"provider", provider},     {"email", opt(email)},
                            {"name", opt(name())},      {"first_name", opt(first_name)},
                            {"last_name", opt(last_name)}, {"phone", opt(phone)},
                            {"external_id", opt(external_id)}, {"custom_attributes", custom_attributes},
                            {"created_at", opt(created_at)}, {"updated_at", opt(updated_at)},
                            {"raw", raw}};
    }
};

}  // namespace photobridge::sdk::records
