// Reading provider JSON with errors that name the field. Every accessor
// takes a dotted path ("pagination.hasMore", "photos[3].id" is spelled as
// `where` by the caller) and throws sdk::Error(PB_ERR_PROTOCOL) naming it when
// the field is missing or of the wrong type. Nothing here ever crashes on
// unexpected input.
#pragma once

#include <photobridge/sdk/error.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace photobridge::sdk::json_access {

namespace json = boost::json;

inline const char* kind_name(json::kind k) noexcept {
    switch (k) {
        case json::kind::null: return "null";
        case json::kind::bool_: return "boolean";
        case json::kind::int64:
        case json::kind::uint64: return "integer";
        case json::kind::double_: return "number";
        case json::kind::string: return "string";
        case json::kind::array: return "array";
        case json::kind::object: return "object";
    }
    return "unknown";
}

// Follows a dotted path of object keys. Returns nullptr when any step is
// missing or not an object.
inline const json::value* find(const json::value& root, std::string_view path) noexcept {
    const json::value* cur = &root;
    while (!path.empty()) {
        const auto dot = path.find('.');
        const std::string_view key = path.substr(0, dot);
        const auto* obj = cur->if_object();
        if (obj == nullptr) return nullptr;
        const auto it = obj->find(key);
        if (it == obj->end()) return nullptr;
        cur = &it->value();
        path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    }
    return cur;
}

[[noreturn]] inline void fail(std::string_view where, std::string_view path, std::string_view problem) {
    std::string msg;
    msg.append(where).append(": field '").append(path).append("' ").append(problem);
    throw protocol_error(std::move(msg));
}

// The value at `path`, which must exist (it may be null).
inline const json::value& require(const json::value& root, std::string_view path, std::string_view where) {
    const json::value* v = find(root, path);
    if (v == nullptr) fail(where, path, "is missing");
    return *v;
}

inline const json::object& require_object(const json::value& root, std::string_view path, std::string_view where) {
    const json::value& v = require(root, path, where);
    if (!v.is_object()) fail(where, path, std::string("should be an object, got ") + kind_name(v.kind()));
    return v.get_object();
}

inline const json::array& require_array(const json::value& root, std::string_view path, std::string_view where) {
    const json::value& v = require(root, path, where);
    if (!v.is_array()) fail(where, path, std::string("should be an array, got ") + kind_name(v.kind()));
    return v.get_array();
}

inline std::string require_string(const json::value& root, std::string_view path, std::string_view where) {
    const json::value& v = require(root, path, where);
    if (!v.is_string()) fail(where, path, std::string("should be a string, got ") + kind_name(v.kind()));
    return std::string(v.get_string());
}

inline bool require_bool(const json::value& root, std::string_view path, std::string_view where) {
    const json::value& v = require(root, path, where);
    if (!v.is_bool()) fail(where, path, std::string("should be a boolean, got ") + kind_name(v.kind()));
    return v.get_bool();
}

inline std::int64_t require_int(const json::value& root, std::string_view path, std::string_view where) {
    const json::value& v = require(root, path, where);
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(v.get_uint64());
    fail(where, path, std::string("should be an integer, got ") + kind_name(v.kind()));
}

// Optional accessors: nullopt when missing or null; an error when present
// with the wrong type.
inline std::optional<std::string> optional_string(const json::value& root, std::string_view path,
                                                  std::string_view where) {
    const json::value* v = find(root, path);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_string()) fail(where, path, std::string("should be a string, got ") + kind_name(v->kind()));
    return std::string(v->get_string());
}

inline std::optional<std::int64_t> optional_int(const json::value& root, std::string_view path,
                                                std::string_view where) {
    const json::value* v = find(root, path);
    if (v == nullptr || v->is_null()) return std::nullopt;
    return require_int(root, path, where);
}

inline std::optional<bool> optional_bool(const json::value& root, std::string_view path, std::string_view where) {
    const json::value* v = find(root, path);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_bool()) fail(where, path, std::string("should be a boolean, got ") + kind_name(v->kind()));
    return v->get_bool();
}

// A JSON value for an optional string: the string, or null.
inline json::value string_or_null(const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value(nullptr);
}

// A scalar field as the text a URL query or path wants: strings as-is,
// integers and booleans printed. Throws INVALID_ARGUMENT naming `path` for
// anything else.
inline std::string scalar_text(const json::value& v, std::string_view path) {
    switch (v.kind()) {
        case json::kind::string: return std::string(v.get_string());
        case json::kind::int64: return std::to_string(v.get_int64());
        case json::kind::uint64: return std::to_string(v.get_uint64());
        case json::kind::bool_: return v.get_bool() ? "true" : "false";
        case json::kind::double_: return json::serialize(v);
        default: break;
    }
    throw invalid_argument("field '" + std::string(path) + "' should be a string or a number, got " +
                           kind_name(v.kind()));
}

}  // namespace photobridge::sdk::json_access
