#include "record_mapping.hpp"

#include "placeholders.hpp"

#include <photobridge/sdk.hpp>

#include <cstdint>
#include <string>

namespace photobridge::plugins::declarative {
namespace json = boost::json;
namespace ja = sdk::json_access;

namespace {

// The text a map or rule compares: strings as they are, integers and
// booleans printed; nullopt for anything else.
std::optional<std::string> comparable_text(const json::value* v) {
    if (v == nullptr) return std::nullopt;
    switch (v->kind()) {
    case json::kind::string: return std::string(v->get_string());
    case json::kind::int64: return std::to_string(v->get_int64());
    case json::kind::uint64: return std::to_string(v->get_uint64());
    case json::kind::bool_: return v->get_bool() ? "true" : "false";
    default: return std::nullopt;
    }
}

const json::value* found(const json::value& record, const std::string& path) {
    const json::value* v = ja::find(record, path);
    return v != nullptr && !v->is_null() ? v : nullptr;
}

// The source's value as text for a canonical text field: strings as they
// are, integer ids printed; nullopt when null.
std::optional<std::string> text_of(const FieldSource* source, const json::value& record, std::string_view field,
                                   std::string_view where) {
    if (source == nullptr) return std::nullopt;
    const json::value v = evaluate(*source, record);
    switch (v.kind()) {
    case json::kind::null: return std::nullopt;
    case json::kind::string: return std::string(v.get_string());
    case json::kind::int64: return std::to_string(v.get_int64());
    case json::kind::uint64: return std::to_string(v.get_uint64());
    default: break;
    }
    throw sdk::protocol_error(std::string(where) + ": field '" + std::string(field) + "' should be a string, got " +
                              ja::kind_name(v.kind()));
}

std::optional<std::int64_t> integer_of(const FieldSource* source, const json::value& record, std::string_view field,
                                       std::string_view where) {
    if (source == nullptr) return std::nullopt;
    const json::value v = evaluate(*source, record);
    if (v.is_null()) return std::nullopt;
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<std::int64_t>(v.get_uint64());
    throw sdk::protocol_error(std::string(where) + ": field '" + std::string(field) + "' should be an integer, got " +
                              ja::kind_name(v.kind()));
}

std::optional<bool> boolean_of(const FieldSource* source, const json::value& record, std::string_view field,
                               std::string_view where) {
    if (source == nullptr) return std::nullopt;
    const json::value v = evaluate(*source, record);
    if (v.is_null()) return std::nullopt;
    if (v.is_bool()) return v.get_bool();
    throw sdk::protocol_error(std::string(where) + ": field '" + std::string(field) + "' should be a boolean, got " +
                              ja::kind_name(v.kind()));
}

}  // namespace

json::value evaluate(const FieldSource& source, const json::value& record) {
    switch (source.kind) {
    case FieldSource::Kind::path:
    case FieldSource::Kind::first_of:
        for (const std::string& path : source.paths)
            if (const json::value* v = found(record, path)) return *v;
        return nullptr;
    case FieldSource::Kind::constant: return source.constant;
    case FieldSource::Kind::text: {
        std::string out;
        scan_placeholders(
            source.text, [&](std::string_view literal) { out.append(literal); },
            [&](std::string_view path, std::size_t) {
                if (auto t = comparable_text(found(record, std::string(path)))) out += *t;
            });
        return json::value(out);
    }
    case FieldSource::Kind::map: {
        if (auto t = comparable_text(found(record, source.paths.front())))
            for (const auto& [key, value] : source.map)
                if (key == *t) return value;
        return source.otherwise ? *source.otherwise : json::value(nullptr);
    }
    case FieldSource::Kind::rules:
        for (const auto& rule : source.rules) {
            const json::value* v = found(record, rule.path);
            if (rule.present ? v != nullptr : false) return rule.value;
            if (!rule.present)
                if (auto t = comparable_text(v))
                    for (const auto& accepted : rule.in)
                        if (accepted == *t) return rule.value;
        }
        return nullptr;
    }
    return nullptr;
}

json::object canonical_record(const StreamSpec& stream, const json::value& record, std::string_view provider,
                              std::string_view where) {
    if (!record.is_object())
        throw sdk::protocol_error(std::string(where) + " should be an object, got " + ja::kind_name(record.kind()));
    const auto field = [&](const char* name) -> const FieldSource* {
        const auto it = stream.fields.find(name);
        return it == stream.fields.end() ? nullptr : &it->second;
    };
    const auto text = [&](const char* name) { return text_of(field(name), record, name, where); };
    const std::optional<std::string> id = text("id");
    if (!id || id->empty()) ja::fail(where, stream.fields.at("id").paths.empty() ? "id" : stream.fields.at("id").paths.front(), "is missing");

    if (stream.record == "contact") {
        sdk::records::Contact c;
        c.id = *id;
        c.provider = std::string(provider);
        c.email = text("email");
        c.first_name = text("first_name");
        c.last_name = text("last_name");
        c.phone = text("phone");
        c.external_id = text("external_id");
        c.created_at = text("created_at");
        c.updated_at = text("updated_at");
        if (const FieldSource* attributes = field("custom_attributes")) {
            json::value v = evaluate(*attributes, record);
            if (!v.is_null() && !v.is_object())
                throw sdk::protocol_error(std::string(where) + ": field 'custom_attributes' should be an object, got " +
                                          ja::kind_name(v.kind()));
            if (v.is_object()) c.custom_attributes = std::move(v);
        }
        c.raw = record;
        return c.to_json();
    }
    sdk::records::Photo p;
    p.id = *id;
    p.provider = std::string(provider);
    p.person.id = text("person.id");
    p.person.email = text("person.email");
    p.person.name = text("person.name");
    p.person.external_id = text("person.external_id");
    p.status = text("status");
    p.approved = boolean_of(field("approved"), record, "approved", where);
    p.created_at = text("created_at");
    for (const MediaSpec& spec : stream.media) {
        const std::optional<std::string> url = text_of(&spec.url, record, "media.url", where);
        if (!url || url->empty()) continue;
        sdk::records::Media m;
        m.variant = spec.variant;
        m.url = *url;
        m.width = integer_of(spec.width ? &*spec.width : nullptr, record, "media.width", where);
        m.height = integer_of(spec.height ? &*spec.height : nullptr, record, "media.height", where);
        m.expires_at = text_of(spec.expires_at ? &*spec.expires_at : nullptr, record, "media.expires_at", where);
        p.media.push_back(std::move(m));
    }
    p.raw = record;
    return p.to_json();
}

}  // namespace photobridge::plugins::declarative
