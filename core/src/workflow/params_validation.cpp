#include "workflow/params_validation.hpp"

#include "workflow/toml_reading.hpp"
#include "model/record_template.hpp"

#include <photobridge/sdk/schema.hpp>

#include <map>

namespace photobridge::workflow_file {
using namespace photobridge::model;
namespace json = boost::json;
namespace {

enum class TemplateForm { single_hole, text };

// Issue-style paths ("a.b", "tags[0]") of every templated string.
void find_templates(const json::value& v, const std::string& path, std::map<std::string, TemplateForm>& out) {
    if (const auto* s = v.if_string()) {
        try {
            RecordTemplate t{std::string(*s)};
            if (t.is_constant()) return;
            out[path] = t.is_single_hole() ? TemplateForm::single_hole : TemplateForm::text;
        } catch (const TemplateSyntaxError&) {
            // reported by the parser
        }
    } else if (const auto* o = v.if_object()) {
        for (const auto& [k, child] : *o) find_templates(child, path.empty() ? std::string(k) : path + "." + std::string(k), out);
    } else if (const auto* a = v.if_array()) {
        for (std::size_t i = 0; i < a->size(); ++i) find_templates((*a)[i], path + "[" + std::to_string(i) + "]", out);
    }
}

// The template that `issue_path` is (or lies under), if any.
const TemplateForm* template_at(const std::map<std::string, TemplateForm>& templates, const std::string& issue_path) {
    for (const auto& [p, form] : templates) {
        if (issue_path == p) return &form;
        if (issue_path.size() > p.size() && issue_path.compare(0, p.size(), p) == 0 &&
            (issue_path[p.size()] == '.' || issue_path[p.size()] == '['))
            return &form;
    }
    return nullptr;
}

// Segments of an issue path: "a.b[2].c" -> a, b, [2], c.
std::vector<std::string> issue_segments(const std::string& path) {
    std::vector<std::string> out;
    std::string cur;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '.') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else if (c == '[') {
            if (!cur.empty()) out.push_back(cur);
            const std::size_t close = path.find(']', i);
            out.push_back(path.substr(i, close - i + 1));
            cur.clear();
            i = close == std::string::npos ? path.size() : close;
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

// The names of the properties the schema at `segments` declares.
std::vector<std::string> known_properties(const json::value& schema, const std::vector<std::string>& segments) {
    const json::value* at = &schema;
    for (const auto& seg : segments) {
        const auto* o = at->if_object();
        if (o == nullptr) return {};
        if (!seg.empty() && seg.front() == '[') {
            at = o->if_contains("items");
        } else {
            const auto* props = o->if_contains("properties");
            at = props != nullptr && props->is_object() ? props->get_object().if_contains(seg) : nullptr;
        }
        if (at == nullptr) return {};
    }
    std::vector<std::string> out;
    if (const auto* o = at->if_object())
        if (const auto* props = o->if_contains("properties"); props != nullptr && props->is_object())
            for (const auto& [k, _] : props->get_object()) out.emplace_back(k);
    return out;
}

std::string join_path(const std::string& base, const std::string& issue_path) {
    if (issue_path.empty()) return base;
    if (issue_path.front() == '[') return base + issue_path;
    return base + "." + issue_path;
}

void replace_all(std::string& text, const std::string& what, const std::string& with) {
    if (what.empty()) return;
    for (std::size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + with.size()))
        text.replace(pos, what.size(), with);
}

}  // namespace

void check_params(const json::object& params, const json::value& schema, const TomlDocument& doc,
                  const ParamsCheck& check, Diagnostics& out) {
    std::map<std::string, TemplateForm> templates;
    if (check.templated) find_templates(json::value(params), "", templates);

    const std::vector<sdk::schema::Issue> issues = sdk::schema::validate(json::value(params), schema, "");
    for (const auto& issue : issues) {
        std::vector<std::string> segments = issue_segments(issue.path);
        if (!segments.empty() && check.skipped_keys.count(segments.front()) != 0) continue;
        // Whether a key may be there at all does not depend on its value.
        const bool about_the_key = issue.message == "is required" || issue.message.rfind("is not a known field", 0) == 0;
        const TemplateForm* form = template_at(templates, issue.path);
        const bool type_issue = issue.message.rfind("should be ", 0) == 0;
        if (!about_the_key && form != nullptr && (*form == TemplateForm::single_hole || !type_issue)) continue;
        const std::string key = segments.empty() ? std::string() : segments.back();
        const std::string full = join_path(check.path, issue.path);

        if (issue.message == "is required") {
            segments.pop_back();
            std::string parent = check.path;
            for (const auto& s : segments) parent = join_path(parent, s);
            // value_at falls back to the enclosing table when `params` is not written.
            out.add(doc.value_at(parent), parent + ": missing required " + check.noun + " '" + key + "' of " + check.owner);
            continue;
        }
        if (issue.message.rfind("is not a known field", 0) == 0) {
            std::vector<std::string> parent_segments(segments.begin(), segments.end() - 1);
            const auto known = known_properties(schema, parent_segments);
            out.add(doc.key_at(full),
                    full + ": unknown " + check.noun + " of " + check.owner + suggestion_suffix(key, known));
            continue;
        }
        std::string message = issue.message;
        const std::string top_key = segments.empty() ? std::string() : segments.front();
        if (check.hidden_values.count(top_key) != 0) {
            // The value may be a secret: mask every form the schema text may show.
            if (const auto* v = params.if_contains(top_key)) {
                replace_all(message, sdk::schema::detail::short_text(*v), "***");
                replace_all(message, json::serialize(*v), "***");
                if (v->is_string()) replace_all(message, std::string(v->get_string()), "***");
            }
        }
        if (form != nullptr) message += " (this template always renders text)";
        out.add(doc.value_at(full), full + ": " + message);
    }
}

}  // namespace photobridge::workflow_file
