#include "body_validation.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <boost/json.hpp>

namespace photobridge::mock {
namespace json = boost::json;

namespace {

// The media type of a Content-Type value: lower case, parameters removed.
std::string media_type(std::string_view content_type) {
    std::string_view type = content_type.substr(0, content_type.find(';'));
    while (!type.empty() && std::isspace(static_cast<unsigned char>(type.front()))) type.remove_prefix(1);
    while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back()))) type.remove_suffix(1);
    std::string out(type);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_json_media_type(const std::string& type) {
    return type == "application/json" || (type.size() > 5 && type.compare(type.size() - 5, 5, "+json") == 0 &&
                                          type.rfind("application/", 0) == 0);
}

bool has_type(const json::value& v, const std::string& type) {
    if (type == "string") return v.is_string();
    if (type == "number") return v.is_number();
    if (type == "integer") {
        if (v.is_int64() || v.is_uint64()) return true;
        if (v.is_double()) {
            const double d = v.get_double();
            return std::isfinite(d) && std::trunc(d) == d;
        }
        return false;
    }
    if (type == "boolean") return v.is_bool();
    if (type == "array") return v.is_array();
    if (type == "object") return v.is_object();
    if (type == "null") return v.is_null();
    return false;
}

std::string type_list(const std::vector<std::string>& types) {
    std::string out;
    for (std::size_t i = 0; i < types.size(); ++i) {
        if (i > 0) out.append(i + 1 == types.size() ? " or " : ", ");
        out.append(types[i] == "array" || types[i] == "object" || types[i] == "integer" ? "an " : "a ");
        out.append(types[i]);
    }
    return out;
}

std::string kind_of(const json::value& v) {
    switch (v.kind()) {
        case json::kind::null: return "null";
        case json::kind::bool_: return "a boolean";
        case json::kind::int64:
        case json::kind::uint64:
        case json::kind::double_: return "a number";
        case json::kind::string: return "a string";
        case json::kind::array: return "an array";
        case json::kind::object: return "an object";
    }
    return "a value";
}

BodyProblem problem(BodyProblem::Kind kind, std::string field, std::string message, std::string example = {}) {
    return BodyProblem{kind, std::move(field), std::move(message), std::move(example)};
}

std::string child(const std::string& parent, std::string_view name) {
    std::string out = parent;
    if (!out.empty()) out.append(".");
    out.append(name);
    return out;
}

// `example_on_invalid` is set for top-level fields only.
std::optional<BodyProblem> check_value(const ValueSchema& schema, const json::value& v, const std::string& path,
                                       const std::string& example_on_invalid) {
    if (!schema.types.empty() &&
        std::none_of(schema.types.begin(), schema.types.end(), [&](const std::string& t) { return has_type(v, t); })) {
        std::string message = path;
        message.append(" must be ").append(type_list(schema.types)).append(", not ").append(kind_of(v));
        return problem(BodyProblem::Kind::WrongType, path, std::move(message), example_on_invalid);
    }
    if (!schema.allowed.empty() && std::find(schema.allowed.begin(), schema.allowed.end(), v) == schema.allowed.end()) {
        std::string message = path;
        message.append(" must be one of: ");
        for (std::size_t i = 0; i < schema.allowed.size(); ++i) {
            if (i > 0) message.append(", ");
            message.append(json::serialize(schema.allowed[i]));
        }
        return problem(BodyProblem::Kind::InvalidValue, path, std::move(message), example_on_invalid);
    }
    if (v.is_object()) {
        const json::object& o = v.get_object();
        for (const auto& name : schema.required) {
            if (o.contains(name)) continue;
            std::string field = child(path, name);
            std::string example;
            if (path.empty())
                for (const auto& [prop, sub] : schema.properties)
                    if (prop == name) example = sub->on_missing_example;
            std::string message = field;
            message.append(" is required");
            return problem(BodyProblem::Kind::MissingField, std::move(field), std::move(message), std::move(example));
        }
        for (const auto& [name, sub] : schema.properties) {
            const json::value* member = o.if_contains(name);
            if (member == nullptr) continue;
            if (auto p = check_value(*sub, *member, child(path, name), path.empty() ? sub->on_invalid_example : ""))
                return p;
        }
    }
    if (v.is_array() && schema.items) {
        const json::array& a = v.get_array();
        for (std::size_t i = 0; i < a.size(); ++i) {
            std::string element = path;
            element.append("[").append(std::to_string(i)).append("]");
            if (auto p = check_value(*schema.items, a[i], element, example_on_invalid)) return p;
        }
    }
    return std::nullopt;
}

std::optional<BodyProblem> check_parts(const ValueSchema& schema, const std::vector<SeenPart>& parts) {
    auto find = [&](const std::string& name) {
        return std::find_if(parts.begin(), parts.end(), [&](const SeenPart& p) { return p.name == name; });
    };
    for (const auto& name : schema.required) {
        if (find(name) != parts.end()) continue;
        std::string example;
        for (const auto& [prop, sub] : schema.properties)
            if (prop == name) example = sub->on_missing_example;
        std::string message = "the multipart part ";
        message.append(name).append(" is required");
        return problem(BodyProblem::Kind::MissingPart, name, std::move(message), std::move(example));
    }
    for (const auto& [name, sub] : schema.properties) {
        const bool file = std::find(sub->types.begin(), sub->types.end(), "file") != sub->types.end();
        if (!file) continue;
        for (const auto& part : parts) {
            if (part.name != name || !part.filename.empty()) continue;
            std::string message = "the multipart part ";
            message.append(name).append(" must be a file with a non-empty filename");
            return problem(BodyProblem::Kind::WrongType, name, std::move(message), sub->on_invalid_example);
        }
    }
    return std::nullopt;
}

}  // namespace

std::string_view problem_code(BodyProblem::Kind kind) {
    switch (kind) {
        case BodyProblem::Kind::MalformedJson: return "malformed_json";
        case BodyProblem::Kind::ContentType: return "unsupported_content_type";
        case BodyProblem::Kind::MissingField: return "missing_field";
        case BodyProblem::Kind::WrongType: return "invalid_field_type";
        case BodyProblem::Kind::InvalidValue: return "invalid_field_value";
        case BodyProblem::Kind::MissingPart: return "missing_part";
    }
    return "invalid_body";
}

std::optional<BodyProblem> validate_body(const RequestSpec& spec, const BodyInput& input) {
    if (spec.kind == RequestSpec::Kind::None) return std::nullopt;
    const bool empty = input.body.empty() && !input.multipart;
    if (spec.kind == RequestSpec::Kind::Multipart) {
        if (!empty && !input.multipart) {
            std::string message = "the body must be multipart/form-data, not ";
            message.append(input.content_type.empty() ? std::string("a body without Content-Type")
                                                      : media_type(input.content_type));
            return problem(BodyProblem::Kind::ContentType, "", std::move(message));
        }
        return check_parts(spec.body, input.parts);
    }
    json::value parsed = json::object();
    if (!empty) {
        const std::string type = media_type(input.content_type);
        if (input.multipart || !is_json_media_type(type)) {
            std::string message = "the body must be application/json, not ";
            message.append(type.empty() ? std::string("a body without Content-Type") : type);
            return problem(BodyProblem::Kind::ContentType, "", std::move(message));
        }
        json::error_code ec;
        parsed = json::parse(input.body, ec);
        if (ec) {
            std::string message = "the body is not valid JSON: ";
            message.append(ec.message());
            return problem(BodyProblem::Kind::MalformedJson, "", std::move(message));
        }
        if (!parsed.is_object()) {
            std::string message = "the body must be a JSON object, not ";
            message.append(kind_of(parsed));
            return problem(BodyProblem::Kind::WrongType, "", std::move(message));
        }
    }
    return check_value(spec.body, parsed, "", "");
}

}  // namespace photobridge::mock
