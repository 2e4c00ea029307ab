#include "workflow/parse_session.hpp"

#include <cctype>
#include <charconv>

namespace photobridge::workflow_file {
namespace json = boost::json;

bool is_name(const std::string& text, bool first_digit, std::string_view first, std::string_view rest) {
    if (text.empty()) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (std::isalpha(c) != 0 && c < 128) continue;
        if (std::isdigit(c) != 0) {
            if (i == 0 && !first_digit) return false;
            continue;
        }
        if ((i == 0 ? first : rest).find(static_cast<char>(c)) == std::string_view::npos) return false;
    }
    return true;
}

void ParseSession::error(std::string_view path, std::string message) { out.add(doc.value_at(path), std::string(path) + ": " + message); }
void ParseSession::error_at_key(std::string_view path, std::string message) {
    out.add(doc.key_at(path), std::string(path) + ": " + message);
}
void ParseSession::missing_top(const std::string& key, const std::string& what) {
    // There is no node to point at: the file's first line.
    out.add(SourcePosition{doc.file(), 1, 1}, "missing [" + key + "]: a workflow needs " + what);
}

const toml::array* ParseSession::array_of_tables(const toml::node& node, const std::string& name) {
    const auto* a = node.as_array();
    if (a != nullptr && a->is_array_of_tables()) return a;
    error(name, "expected [[" + name + "]] tables, got " + toml_kind_name(node));
    return nullptr;
}

bool ParseSession::connection_known(const std::string& name, const std::string& path) {
    if (wf.connections.count(name) != 0) return true;
    if (notes.declared_connections.count(name) != 0) return false;  // written but broken: reported there
    std::vector<std::string> known;
    for (const auto& [n, _] : wf.connections) known.push_back(n);
    error(path, "no connection named '" + name + "'" + suggestion_suffix(name, known));
    return false;
}

// ---- params tables: JSON form; templates checked when `templates`.
// Returns nullopt when something could not be converted or parsed.
std::optional<json::object> ParseSession::literal_params(const toml::table& t, const std::string& path, bool templates) {
    bool ok = true;
    check_param_strings(t, path, templates, ok);
    std::string problem;
    auto v = toml_to_json(t, problem);
    if (!v) {
        error(path, problem);
        return std::nullopt;
    }
    if (!ok) return std::nullopt;
    return std::move(v->as_object());
}

void ParseSession::check_param_strings(const toml::node& node, const std::string& path, bool templates, bool& ok) {
    if (const auto* s = node.as_string()) {
        const std::string& text = s->get();
        if (has_env_reference(text)) {
            const std::size_t at = text.find("${env:");
            out.add(doc.inside_string(path, at == std::string::npos ? 0 : at),
                     path + ": ${env:...} is only resolved in [connections.*] settings; put the value there or "
                            "write it here literally");
            ok = false;
            return;
        }
        if (!templates) return;
        try {
            RecordTemplate parsed(text);
        } catch (const TemplateSyntaxError& e) {
            out.add(doc.inside_string(path, static_cast<std::size_t>(e.column - 1)),
                     path + ": bad template: " + e.reason);
            ok = false;
        }
    } else if (const auto* a = node.as_array()) {
        for (std::size_t i = 0; i < a->size(); ++i) check_param_strings((*a)[i], element_path(path, i), templates, ok);
    } else if (const auto* t = node.as_table()) {
        for (auto&& [k, child] : *t) check_param_strings(child, child_path(path, k.str()), templates, ok);
    }
}

// ---- conditions: { dotted.path = [values...] }
std::optional<Condition> ParseSession::condition(const toml::node& node, const std::string& path) {
    const auto* t = node.as_table();
    if (t == nullptr) {
        error(path, "expected a table of field = [accepted values], got " + toml_kind_name(node));
        return std::nullopt;
    }
    // Bad entries are reported and left out; the good ones are still
    // checked by later passes (every error at once).
    Condition c;
    bool ok = true;
    condition_entries(*t, path, "", c, ok);
    return c;
}

void ParseSession::condition_entries(const toml::table& t, const std::string& path, const std::string& prefix, Condition& c,
                       bool& ok) {
    for (auto&& [k, node] : t) {
        const std::string field = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
        const std::string kp = child_path(path, k.str());
        if (const auto* sub = node.as_table()) {
            condition_entries(*sub, kp, field, c, ok);
            continue;
        }
        if (auto bad = check_path_syntax(field)) {
            error_at_key(kp, "bad field path '" + field + "': " + bad->message);
            ok = false;
            continue;
        }
        const auto* values = node.as_array();
        if (values == nullptr) {
            std::string problem, example = "...";
            if (!node.is_table()) {
                if (auto j = toml_to_json(node, problem)) example = json::serialize(*j);
            }
            error(kp, "expected an array of accepted values, e.g. [" + example + "], got " + toml_kind_name(node));
            ok = false;
            continue;
        }
        if (values->empty()) {
            error(kp, "lists no accepted value, so nothing would ever match");
            ok = false;
            continue;
        }
        std::vector<json::value> accepted;
        for (std::size_t i = 0; i < values->size(); ++i) {
            const toml::node& v = (*values)[i];
            if (v.is_table() || v.is_array()) {
                error(element_path(kp, i), "accepted values are strings, numbers or booleans, not " +
                                               toml_kind_name(v));
                ok = false;
                continue;
            }
            std::string problem;
            if (auto j = toml_to_json(v, problem)) accepted.push_back(std::move(*j));
            else {
                error(element_path(kp, i), problem);
                ok = false;
            }
        }
        if (!accepted.empty()) c.any_of.emplace_back(field, std::move(accepted));
    }
}

std::string ParseSession::one_of_suffix(const std::string& typed, const std::vector<std::string>& values) {
    if (auto best = closest_name(typed, values)) return " (did you mean '" + *best + "'?)";
    std::string out = " (one of: ";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + values[i];
    return out + ")";
}

std::optional<std::int64_t> parse_duration_seconds(const std::string& text) {
    if (text.size() < 2) return std::nullopt;
    std::int64_t multiplier = 0;
    switch (text.back()) {
        case 's': multiplier = 1; break;
        case 'm': multiplier = 60; break;
        case 'h': multiplier = 3600; break;
        case 'd': multiplier = 86400; break;
        default: return std::nullopt;
    }
    const char* first = text.data();
    const char* last = text.data() + text.size() - 1;
    if (std::isdigit(static_cast<unsigned char>(*first)) == 0) return std::nullopt;
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(first, last, n);
    if (end != last) return std::nullopt;
    if (ec == std::errc::result_out_of_range || n > kMaxDurationSeconds) return kMaxDurationSeconds + 1;
    if (ec != std::errc()) return std::nullopt;
    return n * multiplier;
}

}  // namespace photobridge::workflow_file
