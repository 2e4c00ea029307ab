#include "answer_shape.hpp"

#include "value_checks.hpp"

#include <photobridge/sdk/json_access.hpp>
#include <photobridge/sdk/records.hpp>

#include <string>

namespace photobridge::plugins::declarative {
namespace json = boost::json;
namespace ja = sdk::json_access;

namespace {

const json::value* at(const std::string& path, const json::value& scope, const json::value& body) {
    if (!path.empty() && path.front() == '/') return ja::find(body, std::string_view(path).substr(1));
    return ja::find(scope, path);
}

std::string_view shown(const std::string& path) {
    return !path.empty() && path.front() == '/' ? std::string_view(path).substr(1) : std::string_view(path);
}

}  // namespace

json::value shape_answer(const AnswerShape& shape, const json::value& scope, const json::value& body,
                         std::string_view where) {
    switch (shape.kind) {
    case AnswerShape::Kind::object: {
        json::object out;
        for (const auto& [key, child] : shape.keys) out[key] = shape_answer(*child, scope, body, where);
        return out;
    }
    case AnswerShape::Kind::path: {
        const json::value* v = at(shape.path, scope, body);
        return v != nullptr ? *v : json::value(nullptr);
    }
    case AnswerShape::Kind::each: {
        const json::value* v = at(shape.path, scope, body);
        if (v == nullptr) ja::fail(where, shown(shape.path), "is missing");
        if (!v->is_array()) ja::fail(where, shown(shape.path), std::string("should be an array, got ") + ja::kind_name(v->kind()));
        json::array out;
        out.reserve(v->get_array().size());
        std::size_t i = 0;
        for (const json::value& element : v->get_array()) {
            const std::string element_where = std::string(where) + ": " + std::string(shown(shape.path)) + "[" +
                                              std::to_string(i++) + "]";
            if (!element.is_object())
                throw sdk::protocol_error(element_where + " should be an object, got " + ja::kind_name(element.kind()));
            check_values(shape.element_types, element, element_where);
            out.push_back(shape_answer(*shape.element, element, body, element_where));
        }
        return out;
    }
    case AnswerShape::Kind::media: {
        json::array out;
        const json::value* v = at(shape.path, scope, body);
        if (v == nullptr || v->is_null()) return out;
        if (!v->is_object()) ja::fail(where, shown(shape.path), std::string("should be an object, got ") + ja::kind_name(v->kind()));
        std::optional<std::string> expires_at;
        if (!shape.expires_at.empty()) {
            const json::value* e = at(shape.expires_at, scope, body);
            if (e != nullptr && !e->is_null()) {
                if (!e->is_string())
                    ja::fail(where, shown(shape.expires_at), std::string("should be a string, got ") + ja::kind_name(e->kind()));
                expires_at = std::string(e->get_string());
            }
        }
        for (const auto& [variant, url] : v->get_object()) {
            if (!url.is_string())
                ja::fail(where, std::string(shown(shape.path)) + "." + std::string(variant),
                         std::string("should be a string, got ") + ja::kind_name(url.kind()));
            sdk::records::Media m;
            m.variant = std::string(variant);
            m.url = std::string(url.get_string());
            m.expires_at = expires_at;
            out.push_back(m.to_json());
        }
        return out;
    }
    }
    return nullptr;
}

}  // namespace photobridge::plugins::declarative
