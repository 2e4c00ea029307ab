#include "example_selection.hpp"

#include <charconv>

#include <boost/json.hpp>

namespace photobridge::mock {

namespace {
std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}
}  // namespace

PreferHeader parse_prefer(std::string_view header) {
    PreferHeader prefer;
    while (!header.empty()) {
        std::size_t end = header.find_first_of(",;");
        std::string_view item = trim(header.substr(0, end));
        header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
        std::size_t eq = item.find('=');
        if (eq == std::string_view::npos) continue;
        std::string_view key = trim(item.substr(0, eq));
        std::string_view value = trim(item.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        if (key == "code") {
            int code = 0;
            auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), code);
            if (ec == std::errc() && ptr == value.data() + value.size()) prefer.code = code;
            else prefer.code = -1;  // malformed: matches nothing
        } else if (key == "example") {
            prefer.example = std::string(value);
        }
    }
    return prefer;
}

namespace {

bool trigger_matches(const Trigger& t, const SelectionInput& in, const boost::json::value* body_json) {
    for (const auto& [name, value] : t.query) {
        if (!in.query) return false;
        auto [first, last] = in.query->equal_range(name);
        bool found = false;
        for (auto it = first; it != last && !found; ++it) found = it->second == value;
        if (!found) return false;
    }
    for (const auto& [name, value] : t.path) {
        if (!in.path_params) return false;
        bool found = false;
        for (const auto& [n, v] : *in.path_params) found = found || (n == name && v == value);
        if (!found) return false;
    }
    if (!t.body.empty()) {
        if (!body_json || !body_json->is_object()) return false;
        const auto& obj = body_json->get_object();
        for (const auto& [name, value] : t.body) {
            auto it = obj.find(name);
            if (it == obj.end() || it->value() != value) return false;
        }
    }
    return true;
}

}  // namespace

std::optional<std::size_t> select_example(const Endpoint& endpoint, const PreferHeader& prefer,
                                          const SelectionInput& input) {
    const auto& examples = endpoint.examples;
    if (!prefer.empty()) {
        for (std::size_t i = 0; i < examples.size(); ++i) {
            if (prefer.example && examples[i].name != *prefer.example) continue;
            if (prefer.code && examples[i].status != *prefer.code) continue;
            return i;
        }
        return std::nullopt;
    }
    std::optional<boost::json::value> body_json;
    bool body_parsed = false;
    std::size_t best = endpoint.default_example;
    std::size_t best_size = 0;
    for (std::size_t i = 0; i < examples.size(); ++i) {
        const Trigger& t = examples[i].trigger;
        if (t.size() == 0 || t.size() <= best_size) continue;
        if (!t.body.empty() && !body_parsed) {
            body_parsed = true;
            boost::json::error_code ec;
            auto v = boost::json::parse(input.body, ec);
            if (!ec) body_json = std::move(v);
        }
        if (trigger_matches(t, input, body_json ? &*body_json : nullptr)) {
            best = i;
            best_size = t.size();
        }
    }
    return best;
}

}  // namespace photobridge::mock
