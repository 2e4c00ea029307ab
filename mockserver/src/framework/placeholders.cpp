#include "placeholders.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

namespace photobridge::mock {

namespace {

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    if (from.empty()) return text;
    for (std::size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
        text.replace(pos, from.size(), to);
    return text;
}

bool is_integer(std::string_view value) {
    if (value.empty()) return false;
    const std::size_t start = value.front() == '-' ? 1 : 0;
    return value.size() > start && std::all_of(value.begin() + static_cast<std::ptrdiff_t>(start), value.end(),
                                               [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace

bool has_placeholders(std::string_view text) { return text.find("{{") != std::string_view::npos; }

std::string fill_text(std::string_view text, const PlaceholderValues& values) {
    std::string out(text);
    if (!has_placeholders(out)) return out;
    for (const auto& [name, value] : values) out = replace_all(std::move(out), name, value);
    return out;
}

std::string fill_json(std::string_view json_text, const PlaceholderValues& values) {
    std::string out(json_text);
    if (!has_placeholders(out)) return out;
    for (const auto& [name, value] : values) {
        if (is_integer(value)) out = replace_all(std::move(out), "\"" + std::string(name) + "\"", value);
        std::string escaped = boost::json::serialize(boost::json::string(value));
        out = replace_all(std::move(out), name, std::string_view(escaped).substr(1, escaped.size() - 2));
    }
    return out;
}

}  // namespace photobridge::mock
