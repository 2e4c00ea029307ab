#include "error_bodies.hpp"

#include <boost/json.hpp>

namespace photobridge::mock {
namespace json = boost::json;

namespace {
json::array to_array(const std::vector<std::string>& items) {
    json::array a;
    for (const auto& s : items) a.emplace_back(s);
    return a;
}
}  // namespace

std::string unauthorized_body(std::string_view provider, std::string_view where, bool presented) {
    json::object o;
    o["error"] = "unauthorized";
    o["message"] = presented ? std::string("invalid credentials in the ") + std::string(where)
                             : std::string("missing credentials: send the ") + std::string(where);
    o["provider"] = provider;
    return json::serialize(o);
}

std::string missing_scope_body(std::string_view scope) {
    json::object o;
    o["error"] = "forbidden";
    o["message"] = std::string("the token lacks the ") + std::string(scope) + " scope";
    o["required_scope"] = scope;
    return json::serialize(o);
}

std::string invalid_parameter_body(std::string_view parameter, std::string_view value, std::string_view message) {
    json::object o;
    o["error"] = "invalid_parameter";
    o["parameter"] = parameter;
    o["value"] = value;
    o["message"] = message;
    return json::serialize(o);
}

std::string unknown_route_body(std::string_view method, std::string_view path, const std::vector<std::string>& closest) {
    json::object o;
    o["error"] = "unknown_route";
    o["message"] = std::string("no documented route for ") + std::string(method) + " " + std::string(path);
    o["closest_routes"] = to_array(closest);
    return json::serialize(o);
}

std::string method_not_allowed_body(std::string_view method, std::string_view path,
                                    const std::vector<std::string>& allowed) {
    json::object o;
    o["error"] = "method_not_allowed";
    o["message"] = std::string(method) + " is not documented for " + std::string(path);
    o["allowed_methods"] = to_array(allowed);
    return json::serialize(o);
}

std::string no_such_example_body(std::string_view prefer, const std::vector<std::string>& available) {
    json::object o;
    o["error"] = "no_such_example";
    o["message"] = std::string("no documented example satisfies Prefer: ") + std::string(prefer);
    o["available_examples"] = to_array(available);
    return json::serialize(o);
}

std::string fault_status_body(int status, std::string_view rule_id) {
    json::object o;
    o["error"] = status == 429 ? "rate_limited" : "injected_fault";
    o["message"] = std::string("fault rule ") + std::string(rule_id) + " answered " + std::to_string(status);
    o["fault_rule"] = rule_id;
    return json::serialize(o);
}

namespace {

// Fills the placeholders of a documented error shape; false: drop the member.
bool fill(json::value& v, std::string_view code, std::string_view message, std::string_view field) {
    if (v.is_string()) {
        const std::string text(v.get_string());
        if (text == "{field}" && field.empty()) return false;
        std::string out;
        for (std::size_t i = 0; i < text.size();) {
            if (text.compare(i, 6, "{code}") == 0) { out.append(code); i += 6; }
            else if (text.compare(i, 9, "{message}") == 0) { out.append(message); i += 9; }
            else if (text.compare(i, 7, "{field}") == 0) { out.append(field); i += 7; }
            else out.push_back(text[i++]);
        }
        v = json::string(out);
    } else if (v.is_object()) {
        json::object& o = v.get_object();
        for (auto it = o.begin(); it != o.end();) {
            if (fill(it->value(), code, message, field)) ++it;
            else it = o.stable_erase(it);
        }
    } else if (v.is_array()) {
        json::array& a = v.get_array();
        for (auto it = a.begin(); it != a.end();) {
            if (fill(*it, code, message, field)) ++it;
            else it = a.erase(it);
        }
    }
    return true;
}

}  // namespace

std::string invalid_body_body(const json::value& shape, std::string_view code, std::string_view message,
                              std::string_view field) {
    if (!shape.is_null()) {
        json::value body = shape;
        fill(body, code, message, field);
        return json::serialize(body);
    }
    json::object o;
    o["error"] = code;
    o["message"] = message;
    if (!field.empty()) o["field"] = field;
    return json::serialize(o);
}

std::string simple_error_body(std::string_view error, std::string_view message) {
    json::object o;
    o["error"] = error;
    o["message"] = message;
    return json::serialize(o);
}

}  // namespace photobridge::mock
