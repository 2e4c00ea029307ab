// Validation of JSON values against the schema subset used in manifests.
//
// Supported keywords (a strict subset of JSON Schema, documented in
// sdk-docs/abi.md "Manifest"):
//   type                 "string" | "integer" | "number" | "boolean" | "array" |
//                        "object" | "null", or an array of those
//   enum                 list of allowed values
//   minimum, maximum     numbers
//   minLength, maxLength strings (characters: Unicode code points)
//   maxItems, items      arrays
//   properties, required, additionalProperties (bool or schema; objects that
//                        declare `properties` default to false: unknown keys
//                        are errors, which catches typos in workflows)
//   not                  a schema the value must not match; its description
//                        says why ("'favorite' names the favorite endpoint")
//   default              applied by apply_defaults()
// Other keywords (description, secret, examples...) are ignored here.
//
// Used by the SDK (operation input, stream params, config) and by the host
// (workflow validation), so a plugin and `photobridge validate` report the
// same problems in the same words.
#pragma once

#include <photobridge/sdk/json_access.hpp>

#include <boost/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace photobridge::sdk::schema {

namespace json = boost::json;

struct Issue {
    std::string path;     // dotted path of the offending value, e.g. "params.limit"
    std::string message;  // what is wrong, e.g. "must be at most 200"
};

namespace detail {

inline std::string join(std::string_view base, std::string_view key) {
    if (base.empty()) return std::string(key);
    std::string out(base);
    out.append(".").append(key);
    return out;
}

inline bool matches_type(const json::value& v, std::string_view type) {
    if (type == "string") return v.is_string();
    if (type == "integer") return v.is_int64() || v.is_uint64() || (v.is_double() && v.get_double() == static_cast<double>(static_cast<long long>(v.get_double())));
    if (type == "number") return v.is_number();
    if (type == "boolean") return v.is_bool();
    if (type == "array") return v.is_array();
    if (type == "object") return v.is_object();
    if (type == "null") return v.is_null();
    return false;
}

inline double as_double(const json::value& v) {
    if (v.is_int64()) return static_cast<double>(v.get_int64());
    if (v.is_uint64()) return static_cast<double>(v.get_uint64());
    if (v.is_double()) return v.get_double();
    return 0.0;
}

inline std::string short_text(const json::value& v) {
    std::string s = json::serialize(v);
    if (s.size() > 60) {
        s.resize(57);
        s.append("...");
    }
    return s;
}

}  // namespace detail

// Appends every problem of `value` against `schema` to `issues`; `path` names
// `value` in messages. A schema that is not an object accepts anything.
inline void validate(const json::value& value, const json::value& schema, const std::string& path,
                     std::vector<Issue>& issues) {
    const auto* s = schema.if_object();
    if (s == nullptr) return;

    if (const auto* t = s->if_contains("type")) {
        bool ok = false;
        std::string expected;
        if (t->is_string()) {
            ok = detail::matches_type(value, t->get_string());
            expected = t->get_string();
        } else if (t->is_array()) {
            for (const auto& one : t->get_array()) {
                if (!one.is_string()) continue;
                ok = ok || detail::matches_type(value, one.get_string());
                if (!expected.empty()) expected += " or ";
                expected += one.get_string();
            }
        } else {
            ok = true;
        }
        if (!ok) {
            issues.push_back({path, "should be " + expected + ", got " + json_access::kind_name(value.kind())});
            return;
        }
    }

    if (const auto* e = s->if_contains("enum"); e != nullptr && e->is_array()) {
        bool found = false;
        std::string allowed;
        for (const auto& option : e->get_array()) {
            if (option == value || (option.is_number() && value.is_number() &&
                                    detail::as_double(option) == detail::as_double(value)))
                found = true;
            if (!allowed.empty()) allowed += ", ";
            allowed += option.is_string() ? std::string(option.get_string()) : json::serialize(option);
        }
        if (!found) issues.push_back({path, detail::short_text(value) + " is not one of: " + allowed});
    }

    // A value the schema refuses: its own description says why.
    if (const auto* n = s->if_contains("not"); n != nullptr && n->is_object()) {
        std::vector<Issue> inner;
        validate(value, *n, path, inner);
        if (inner.empty()) {
            std::string why = detail::short_text(value) + " is refused";
            if (const auto* d = n->get_object().if_contains("description"); d != nullptr && d->is_string())
                why += ": " + std::string(d->get_string());
            issues.push_back({path, std::move(why)});
        }
    }

    if (value.is_number()) {
        const double x = detail::as_double(value);
        if (const auto* m = s->if_contains("minimum"); m != nullptr && m->is_number() && x < detail::as_double(*m))
            issues.push_back({path, "must be at least " + json::serialize(*m) + ", got " + json::serialize(value)});
        if (const auto* m = s->if_contains("maximum"); m != nullptr && m->is_number() && x > detail::as_double(*m))
            issues.push_back({path, "must be at most " + json::serialize(*m) + ", got " + json::serialize(value)});
    }

    if (value.is_string()) {
        // Characters as JSON Schema counts them: Unicode code points, i.e.
        // the UTF-8 bytes that do not continue a sequence.
        std::size_t characters = 0;
        for (const unsigned char c : value.get_string())
            if ((c & 0xC0u) != 0x80u) ++characters;
        const auto n = static_cast<double>(characters);
        if (const auto* m = s->if_contains("minLength"); m != nullptr && m->is_number() && n < detail::as_double(*m))
            issues.push_back({path, "must be at least " + json::serialize(*m) + " characters long"});
        if (const auto* m = s->if_contains("maxLength"); m != nullptr && m->is_number() && n > detail::as_double(*m))
            issues.push_back({path, "must be at most " + json::serialize(*m) + " characters long"});
    }

    if (value.is_array()) {
        const auto& arr = value.get_array();
        if (const auto* m = s->if_contains("maxItems");
            m != nullptr && m->is_number() && static_cast<double>(arr.size()) > detail::as_double(*m))
            issues.push_back({path, "must have at most " + json::serialize(*m) + " items"});
        if (const auto* items = s->if_contains("items")) {
            for (std::size_t i = 0; i < arr.size(); ++i)
                validate(arr[i], *items, path + "[" + std::to_string(i) + "]", issues);
        }
    }

    if (value.is_object()) {
        const auto& obj = value.get_object();
        const auto* props = s->if_contains("properties");
        const json::object* properties = props != nullptr ? props->if_object() : nullptr;
        if (const auto* req = s->if_contains("required"); req != nullptr && req->is_array()) {
            for (const auto& name : req->get_array()) {
                if (name.is_string() && !obj.contains(name.get_string()))
                    issues.push_back({detail::join(path, name.get_string()), "is required"});
            }
        }
        const json::value* additional = s->if_contains("additionalProperties");
        for (const auto& [key, child] : obj) {
            if (properties != nullptr) {
                if (const auto* sub = properties->if_contains(key)) {
                    validate(child, *sub, detail::join(path, key), issues);
                    continue;
                }
            }
            if (additional != nullptr && additional->is_object()) {
                validate(child, *additional, detail::join(path, key), issues);
            } else {
                const bool allowed = additional != nullptr ? (additional->is_bool() && additional->get_bool())
                                                           : properties == nullptr;
                if (!allowed) {
                    std::string known;
                    if (properties != nullptr)
                        for (const auto& [k, _] : *properties) known += (known.empty() ? "" : ", ") + std::string(k);
                    issues.push_back({detail::join(path, key),
                                      "is not a known field" + (known.empty() ? std::string() : " (known: " + known + ")")});
                }
            }
        }
    }
}

inline std::vector<Issue> validate(const json::value& value, const json::value& schema, const std::string& path = {}) {
    std::vector<Issue> issues;
    validate(value, schema, path, issues);
    return issues;
}

// Fills in `default`s of an object schema's properties that `value` lacks.
// Only the top level: nested defaults are the plugin's business.
inline void apply_defaults(json::object& value, const json::value& schema) {
    const auto* s = schema.if_object();
    if (s == nullptr) return;
    const auto* props = s->if_contains("properties");
    if (props == nullptr || !props->is_object()) return;
    for (const auto& [key, sub] : props->get_object()) {
        if (value.contains(key)) continue;
        if (const auto* o = sub.if_object())
            if (const auto* d = o->if_contains("default")) value[key] = *d;
    }
}

// "params.limit must be at most 200, got 500; params.status ..." — one line.
inline std::string describe(const std::vector<Issue>& issues) {
    std::string out;
    for (const auto& issue : issues) {
        if (!out.empty()) out += "; ";
        out += (issue.path.empty() ? std::string("value") : issue.path) + " " + issue.message;
    }
    return out;
}

}  // namespace photobridge::sdk::schema
