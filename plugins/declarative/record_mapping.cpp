#include "record_mapping.hpp"

#include "placeholders.hpp"
#include "value_checks.hpp"

#include <photobridge/sdk.hpp>

#include <algorithm>
#include <cstdint>
#include <string>

namespace photobridge::plugins::declarative {
namespace json = boost::json;
namespace ja = sdk::json_access;

namespace {

// The value at a dotted path, nullptr when absent or null. A step of the
// path that is there but neither an object nor null is the provider's
// mistake ("person": []): PROTOCOL, naming that step.
const json::value* found(const json::value& record, const std::string& path, std::string_view where) {
    const json::value* cur = &record;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = path.find('.', start);
        const auto* object = cur->if_object();
        if (object == nullptr) {
            if (cur->is_null()) return nullptr;
            ja::fail(where, start == 0 ? std::string_view(path) : std::string_view(path).substr(0, start - 1),
                     std::string("should be an object, got ") + ja::kind_name(cur->kind()));
        }
        const auto it = object->find(std::string_view(path).substr(start, dot == std::string::npos ? dot : dot - start));
        if (it == object->end()) return nullptr;
        cur = &it->value();
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return cur->is_null() ? nullptr : cur;
}

// Canonical text fields that hold an identifier: a provider's integer id
// is printed, an empty one is refused. Every other text field takes a JSON
// string only.
bool is_identifier(std::string_view field) {
    return field == "id" || field == "person.id" || field == "person.external_id" || field == "external_id";
}

// The PROTOCOL error for a wrong value: "WHERE: field 'P' PROBLEM", naming
// the provider's path P the value came from (what the provider's docs call
// it), then the canonical field when that differs.
[[noreturn]] void wrong_value(const FieldSource& source, const json::value& record, std::string_view field,
                              std::string_view where, std::string_view problem) {
    std::string name(field);
    if (source.kind == FieldSource::Kind::path || source.kind == FieldSource::Kind::first_of)
        for (const std::string& path : source.paths)
            if (found(record, path, where) != nullptr) {
                name = path;
                break;
            }
    std::string message = std::string(where) + ": field '" + name + "' " + std::string(problem);
    if (name != field) message += " (the canonical " + std::string(field) + ")";
    throw sdk::protocol_error(std::move(message));
}

[[noreturn]] void wrong_type(const FieldSource& source, const json::value& record, std::string_view field,
                             std::string_view where, std::string_view wanted, const json::value& got) {
    wrong_value(source, record, field, where, "should be " + std::string(wanted) + ", got " + ja::kind_name(got.kind()));
}

// The source's value as text for a canonical text field; nullopt when null.
std::optional<std::string> text_of(const FieldSource* source, const json::value& record, std::string_view field,
                                   std::string_view where) {
    if (source == nullptr) return std::nullopt;
    const json::value v = evaluate(*source, record, where);
    const bool identifier = is_identifier(field);
    switch (v.kind()) {
    case json::kind::null: return std::nullopt;
    case json::kind::string:
        if (identifier && v.get_string().empty()) wrong_value(*source, record, field, where, "is an empty identifier");
        return std::string(v.get_string());
    case json::kind::int64:
        if (identifier) return std::to_string(v.get_int64());
        break;
    case json::kind::uint64:
        if (identifier) return std::to_string(v.get_uint64());
        break;
    default: break;
    }
    wrong_type(*source, record, field, where, identifier ? "a string or an integer" : "a string", v);
}

std::optional<std::int64_t> integer_of(const FieldSource* source, const json::value& record, std::string_view field,
                                       std::string_view where) {
    if (source == nullptr) return std::nullopt;
    const json::value v = evaluate(*source, record, where);
    if (v.is_null()) return std::nullopt;
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<std::int64_t>(v.get_uint64());
    wrong_type(*source, record, field, where, "an integer", v);
}

std::optional<bool> boolean_of(const FieldSource* source, const json::value& record, std::string_view field,
                               std::string_view where) {
    if (source == nullptr) return std::nullopt;
    const json::value v = evaluate(*source, record, where);
    if (v.is_null()) return std::nullopt;
    if (v.is_bool()) return v.get_bool();
    wrong_type(*source, record, field, where, "a boolean", v);
}

}  // namespace

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

json::value evaluate(const FieldSource& source, const json::value& record, std::string_view where) {
    switch (source.kind) {
    case FieldSource::Kind::path:
    case FieldSource::Kind::first_of:
        for (const std::string& path : source.paths)
            if (const json::value* v = found(record, path, where)) return *v;
        return nullptr;
    case FieldSource::Kind::constant: return source.constant;
    case FieldSource::Kind::text: {
        std::string out;
        scan_placeholders(
            source.text, [&](std::string_view literal) { out.append(literal); },
            [&](std::string_view path, std::size_t) {
                if (auto t = comparable_text(found(record, std::string(path), where))) out += *t;
            });
        return json::value(out);
    }
    case FieldSource::Kind::map: {
        if (auto t = comparable_text(found(record, source.paths.front(), where)))
            for (const auto& [key, value] : source.map)
                if (key == *t) return value;
        return source.otherwise ? *source.otherwise : json::value(nullptr);
    }
    case FieldSource::Kind::rules:
        for (const auto& rule : source.rules) {
            if (rule.exists) {
                const json::value* parent = rule.path.find('.') == std::string::npos
                                                ? &record
                                                : found(record, rule.path.substr(0, rule.path.rfind('.')), where);
                const auto* object = parent != nullptr ? parent->if_object() : nullptr;
                if (object != nullptr && object->contains(rule.path.substr(rule.path.rfind('.') + 1))) return rule.value;
                continue;
            }
            const json::value* v = found(record, rule.path, where);
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
    check_values(stream.types, record, where);
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
            json::value v = evaluate(*attributes, record, where);
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
        const auto entry = [&](const json::value& from, std::string variant, std::string_view at) {
            const std::optional<std::string> url = text_of(&spec.url, from, "media.url", at);
            if (!url || url->empty()) return;
            sdk::records::Media m;
            m.variant = std::move(variant);
            m.url = *url;
            m.width = integer_of(spec.width ? &*spec.width : nullptr, from, "media.width", at);
            m.height = integer_of(spec.height ? &*spec.height : nullptr, from, "media.height", at);
            m.expires_at = text_of(spec.expires_at ? &*spec.expires_at : nullptr, from, "media.expires_at", at);
            p.media.push_back(std::move(m));
        };
        if (spec.each.empty()) {
            entry(record, spec.variant, where);
            continue;
        }
        const json::value* list = found(record, spec.each, where);
        if (list == nullptr) continue;
        if (!list->is_array()) ja::fail(where, spec.each, std::string("should be an array, got ") + ja::kind_name(list->kind()));
        std::size_t i = 0;
        for (const json::value& element : list->get_array()) {
            const std::string at = std::string(where) + ": " + spec.each + "[" + std::to_string(i++) + "]";
            if (!element.is_object()) throw sdk::protocol_error(at + " should be an object, got " + ja::kind_name(element.kind()));
            std::string variant = spec.variant;
            if (!spec.variant_from.empty()) {
                const json::value* name = found(element, spec.variant_from, at);
                if (name == nullptr || !name->is_string() || name->get_string().empty())
                    ja::fail(at, spec.variant_from, "should name the media variant (a non-empty string)");
                variant = std::string(name->get_string());
            }
            entry(element, std::move(variant), at);
        }
    }
    p.raw = record;
    json::object out = p.to_json();
    if (stream.record == "submission") {
        out["kind"] = "submission";
        for (const char* name : {"submitted_at", "updated_at", "studio_id"}) out[name] = sdk::json_access::string_or_null(text(name));
    }
    return out;
}

}  // namespace photobridge::plugins::declarative
