#include "model/record_template.hpp"

#include "model/record_path.hpp"

#include <charconv>
#include <set>

namespace photobridge::model {
namespace json = boost::json;

TemplateSyntaxError::TemplateSyntaxError(int column_, std::string reason_)
    : std::invalid_argument("column " + std::to_string(column_) + ": " + reason_),
      column(column_),
      reason(std::move(reason_)) {}

namespace {

// Text of a scalar printed into a template: strings as they are, numbers in
// their shortest exact form, booleans as true/false; arrays and objects as
// compact JSON.
void append_value_text(std::string& out, const json::value& v) {
    switch (v.kind()) {
    case json::kind::string: out.append(v.get_string().data(), v.get_string().size()); break;
    case json::kind::int64: out += std::to_string(v.get_int64()); break;
    case json::kind::uint64: out += std::to_string(v.get_uint64()); break;
    case json::kind::double_: {
        char buf[64];
        const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.get_double());
        if (ec == std::errc()) out.append(buf, end);
        else out += json::serialize(v);
        break;
    }
    case json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case json::kind::null: out += "null"; break;
    default: out += json::serialize(v); break;
    }
}

}  // namespace

RecordTemplate::RecordTemplate(std::string text) : text_(std::move(text)) {
    std::string literal;
    const auto flush_literal = [&] {
        if (!literal.empty()) parts_.push_back(Part{false, std::move(literal), std::nullopt});
        literal.clear();
    };
    const std::string& t = text_;
    std::size_t i = 0;
    while (i < t.size()) {
        const char c = t[i];
        if (c == '}') {
            if (i + 1 < t.size() && t[i + 1] == '}') {
                literal += '}';
                i += 2;
                continue;
            }
            throw TemplateSyntaxError(static_cast<int>(i + 1), "unmatched '}' (write '}}' for a literal brace)");
        }
        if (c != '{') {
            literal += c;
            ++i;
            continue;
        }
        if (i + 1 < t.size() && t[i + 1] == '{') {
            literal += '{';
            i += 2;
            continue;
        }
        // A hole: '{' path ['|' fallback] '}'
        const std::size_t open = i;
        std::size_t close = open + 1;
        while (close < t.size() && t[close] != '}') {
            if (t[close] == '{')
                throw TemplateSyntaxError(static_cast<int>(close + 1),
                                          "'{' inside a hole (the hole opened at column " + std::to_string(open + 1) +
                                              " is not closed)");
            ++close;
        }
        if (close == t.size())
            throw TemplateSyntaxError(static_cast<int>(open + 1), "unclosed '{' (write '{{' for a literal brace)");
        const std::string_view inside(t.data() + open + 1, close - open - 1);
        const std::size_t bar = inside.find('|');
        const std::string_view path = inside.substr(0, bar);
        if (inside.empty())
            throw TemplateSyntaxError(static_cast<int>(open + 1), "empty hole '{}' (write '{{}}' for literal braces)");
        if (path.empty())
            throw TemplateSyntaxError(static_cast<int>(open + 2), "a hole needs a path before '|'");
        if (auto bad = check_path_syntax(path))
            throw TemplateSyntaxError(static_cast<int>(open + 2 + bad->offset), bad->message);
        flush_literal();
        Part hole{true, std::string(path), std::nullopt};
        if (bar != std::string_view::npos) hole.fallback = std::string(inside.substr(bar + 1));
        parts_.push_back(std::move(hole));
        i = close + 1;
    }
    flush_literal();
}

bool RecordTemplate::is_constant() const noexcept {
    for (const auto& p : parts_)
        if (p.is_path) return false;
    return true;
}

std::vector<std::string> RecordTemplate::paths() const {
    std::vector<std::string> out;
    for (const auto& p : parts_)
        if (p.is_path) out.push_back(p.text);
    return out;
}

json::value RecordTemplate::render(const json::value& record) const {
    if (!is_single_hole()) return json::value(render_string(record));
    const Part& hole = parts_.front();
    const json::value* v = find_path(record, hole.text);
    if (v != nullptr && !v->is_null()) return *v;
    if (hole.fallback) return json::value(*hole.fallback);
    throw TemplateError("template '" + text_ + "': " + hole.text + (v == nullptr ? " is missing" : " is null") +
                        " in the record (give a fallback: {" + hole.text + "|...})");
}

std::string RecordTemplate::render_string(const json::value& record) const {
    std::string out;
    for (const auto& part : parts_) {
        if (!part.is_path) {
            out += part.text;
            continue;
        }
        const json::value* v = find_path(record, part.text);
        if (v != nullptr && !v->is_null()) {
            append_value_text(out, *v);
        } else if (part.fallback) {
            out += *part.fallback;
        } else {
            throw TemplateError("template '" + text_ + "': " + part.text + (v == nullptr ? " is missing" : " is null") +
                                " in the record (give a fallback: {" + part.text + "|...})");
        }
    }
    return out;
}

namespace {

std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

void collect_templates(const json::value& v, const std::string& pointer,
                       std::vector<std::pair<std::string, RecordTemplate>>& out) {
    if (const auto* s = v.if_string()) {
        if (s->find('{') == json::string::npos && s->find('}') == json::string::npos) return;
        try {
            out.emplace_back(pointer, RecordTemplate(std::string(*s)));
        } catch (const TemplateSyntaxError& e) {
            throw TemplateSyntaxError(e.column, pointer + ": " + e.reason);
        }
    } else if (const auto* o = v.if_object()) {
        for (const auto& [k, child] : *o) collect_templates(child, pointer + "/" + pointer_token(k), out);
    } else if (const auto* a = v.if_array()) {
        for (std::size_t i = 0; i < a->size(); ++i) collect_templates((*a)[i], pointer + "/" + std::to_string(i), out);
    }
}

}  // namespace

RecordTemplateObject::RecordTemplateObject(const json::object& literal) : literal_(literal) {
    for (const auto& [k, child] : literal_) collect_templates(child, "/" + pointer_token(k), templates_);
}

json::object RecordTemplateObject::render(const json::value& record) const {
    json::value out(literal_);
    for (const auto& [pointer, tmpl] : templates_) {
        boost::system::error_code ec;
        json::value* slot = out.find_pointer(pointer, ec);
        if (slot != nullptr) *slot = tmpl.render(record);
    }
    return std::move(out.get_object());
}

std::vector<std::string> RecordTemplateObject::paths() const {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& [_, tmpl] : templates_)
        for (auto& p : tmpl.paths())
            if (seen.insert(p).second) out.push_back(std::move(p));
    return out;
}

}  // namespace photobridge::model
