#include "common/toml_document.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

namespace photobridge::common {
namespace {

bool is_bare_key(std::string_view key) {
    if (key.empty()) return false;
    for (char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    return true;
}

// The path one level up: "a.b" -> "a", "a[2]" -> "a", "a" -> "".
std::string_view parent_of(std::string_view path) {
    if (path.empty()) return path;
    std::size_t i = path.size();
    if (path.back() == ']') {
        const std::size_t open = path.rfind('[');
        return open == std::string_view::npos ? std::string_view() : path.substr(0, open);
    }
    if (path.back() == '"') {  // quoted key: find its opening quote
        const std::size_t open = path.rfind('"', path.size() - 2);
        if (open == std::string_view::npos || open == 0) return {};
        return path.substr(0, open - 1);
    }
    while (i > 0 && path[i - 1] != '.' && path[i - 1] != ']') --i;
    if (i == 0) return {};
    return path[i - 1] == '.' ? path.substr(0, i - 1) : path.substr(0, i);
}

}  // namespace

std::string child_path(std::string_view parent, std::string_view key) {
    // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict for
    // `"\"" + std::string(key) + "\""`.
    std::string out;
    out.reserve(parent.size() + key.size() + 3);
    out.append(parent);
    if (!parent.empty()) out.push_back('.');
    const bool quoted = !is_bare_key(key);
    if (quoted) out.push_back('"');
    out.append(key);
    if (quoted) out.push_back('"');
    return out;
}

std::string element_path(std::string_view parent, std::size_t index) {
    std::string out(parent);
    out.push_back('[');
    out.append(std::to_string(index));
    out.push_back(']');
    return out;
}

std::string toml_kind_name(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
    }
}

std::optional<TomlDocument> TomlDocument::parse(const std::filesystem::path& file, Diagnostics& out) {
    TomlDocument doc;
    doc.file_ = file.string();
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        out.add({doc.file_, 1, 1}, "cannot read the file");
        return std::nullopt;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    {
        std::size_t start = 0;
        while (start <= text.size()) {
            const std::size_t nl = text.find('\n', start);
            std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            doc.lines_.push_back(std::move(line));
            if (nl == std::string::npos) break;
            start = nl + 1;
        }
    }
    try {
        doc.root_ = toml::parse(text, doc.file_);
    } catch (const toml::parse_error& e) {
        out.add(doc.position(e.source()), "invalid TOML: " + std::string(e.description()));
        return std::nullopt;
    }
    doc.index(doc.root_, "", SourcePosition{doc.file_, 1, 1});
    return doc;
}

SourcePosition TomlDocument::position(const toml::source_region& region) const {
    return SourcePosition{file_, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

void TomlDocument::index(const toml::node& node, const std::string& path, const SourcePosition& key) {
    Place place{key, position(node.source())};
    if (place.value.line == 0) place.value = key;
    places_[path] = place;
    if (const auto* table = node.as_table()) {
        for (auto&& [k, child] : *table) {
            SourcePosition kp = position(k.source());
            if (kp.line == 0) kp = position(child.source());
            if (kp.line == 0) kp = place.value;
            index(child, child_path(path, k.str()), kp);
        }
    } else if (const auto* array = node.as_array()) {
        for (std::size_t i = 0; i < array->size(); ++i) {
            SourcePosition vp = position((*array)[i].source());
            if (vp.line == 0) vp = place.value;
            index((*array)[i], element_path(path, i), vp);
        }
    }
}

const TomlDocument::Place* TomlDocument::find(std::string_view path) const {
    while (true) {
        if (auto it = places_.find(path); it != places_.end()) return &it->second;
        if (path.empty()) return nullptr;
        path = parent_of(path);
    }
}

SourcePosition TomlDocument::value_at(std::string_view path) const {
    const Place* p = find(path);
    return p != nullptr ? p->value : SourcePosition{file_, 1, 1};
}

SourcePosition TomlDocument::key_at(std::string_view path) const {
    const Place* p = find(path);
    return p != nullptr ? p->key : SourcePosition{file_, 1, 1};
}

SourcePosition TomlDocument::inside_string(std::string_view path, std::size_t offset) const {
    auto exact = places_.find(path);
    if (exact == places_.end()) return value_at(path);
    const SourcePosition start = exact->second.value;
    if (start.line < 1 || static_cast<std::size_t>(start.line) > lines_.size() || start.column < 1) return start;
    const std::string& line = lines_[static_cast<std::size_t>(start.line - 1)];
    std::size_t i = static_cast<std::size_t>(start.column - 1);
    if (i >= line.size()) return start;
    const char quote = line[i];
    if (quote != '"' && quote != '\'') return start;
    if (line.compare(i, 3, std::string(3, quote)) == 0) return start;  // multi-line string: start only
    ++i;
    std::size_t decoded = 0;
    while (i < line.size() && decoded < offset) {
        if (line[i] == quote) return start;  // offset beyond the string: keep the start
        if (quote == '"' && line[i] == '\\' && i + 1 < line.size()) {
            const char e = line[i + 1];
            if (e == 'u' || e == 'U') {
                const std::size_t digits = e == 'u' ? 4 : 8;
                unsigned long cp = std::strtoul(line.substr(i + 2, digits).c_str(), nullptr, 16);
                decoded += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                i += 2 + digits;
            } else {
                decoded += 1;
                i += 2;
            }
            continue;
        }
        ++decoded;
        ++i;
    }
    return SourcePosition{file_, start.line, static_cast<int>(i + 1)};
}

std::optional<boost::json::value> toml_to_json(const toml::node& node, std::string& problem) {
    namespace json = boost::json;
    switch (node.type()) {
    case toml::node_type::string: return json::value(node.as_string()->get());
    case toml::node_type::integer: return json::value(node.as_integer()->get());
    case toml::node_type::floating_point: {
        const double d = node.as_floating_point()->get();
        if (!std::isfinite(d)) {
            problem = "a NaN or infinite float has no JSON form";
            return std::nullopt;
        }
        return json::value(d);
    }
    case toml::node_type::boolean: return json::value(node.as_boolean()->get());
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time: {
        std::ostringstream text;
        if (const auto* d = node.as_date()) text << d->get();
        else if (const auto* t = node.as_time()) text << t->get();
        else if (const auto* dt = node.as_date_time()) text << dt->get();
        return json::value(text.str());
    }
    case toml::node_type::array: {
        json::array out;
        for (const auto& child : *node.as_array()) {
            auto v = toml_to_json(child, problem);
            if (!v) return std::nullopt;
            out.push_back(std::move(*v));
        }
        return json::value(std::move(out));
    }
    case toml::node_type::table: {
        json::object out;
        for (auto&& [k, child] : *node.as_table()) {
            auto v = toml_to_json(child, problem);
            if (!v) return std::nullopt;
            out[k.str()] = std::move(*v);
        }
        return json::value(std::move(out));
    }
    default: problem = "unsupported value"; return std::nullopt;
    }
}

}  // namespace photobridge::common
