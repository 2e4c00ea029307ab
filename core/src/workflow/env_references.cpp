#include "workflow/env_references.hpp"

#include <cstdlib>

namespace photobridge::workflow_file {
namespace {

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

}  // namespace

EnvLookup process_env() {
    return [](std::string_view name) -> std::optional<std::string> {
        const std::string key(name);
        if (const char* v = std::getenv(key.c_str())) return std::string(v);
        return std::nullopt;
    };
}

bool has_env_reference(std::string_view text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != '$') continue;
        if (text[i + 1] == '$' && i + 2 < text.size() && text[i + 2] == '{') {
            i += 2;
            continue;
        }
        if (text.substr(i + 1, 5) == "{env:") return true;
    }
    return false;
}

EnvResolution resolve_env_references(std::string_view text, const EnvLookup& env) {
    EnvResolution out;
    std::size_t references = 0;
    bool spans_all = false;  // the (single) reference covers the whole text
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c != '$' || i + 1 >= text.size()) {
            out.value += c;
            ++i;
            continue;
        }
        if (text[i + 1] == '$' && i + 2 < text.size() && text[i + 2] == '{') {  // "$${" -> "${"
            out.value += "${";
            i += 3;
            continue;
        }
        if (text[i + 1] != '{') {
            out.value += c;
            ++i;
            continue;
        }
        const std::size_t start = i;
        const std::size_t close = text.find('}', i + 2);
        if (close == std::string_view::npos) {
            out.problems.push_back({start, "unclosed '${' (write \"$${\" for a literal \"${\")"});
            return out;
        }
        const std::string_view inside = text.substr(i + 2, close - i - 2);
        spans_all = start == 0 && close + 1 == text.size();
        i = close + 1;
        ++references;
        if (inside.substr(0, 4) != "env:") {
            const std::size_t colon = inside.find(':');
            const std::string shown = colon == std::string_view::npos ? std::string(inside)
                                                                      : std::string(inside.substr(0, colon)) + ":...";
            out.problems.push_back({start, "unknown reference '${" + shown + "}' (only ${env:NAME} is supported)"});
            continue;
        }
        const std::string_view name = inside.substr(4);
        bool valid = !name.empty() && is_name_start(name.front());
        for (char n : name) valid = valid && is_name_char(n);
        if (!valid) {
            out.problems.push_back({start, name.empty() ? std::string("empty variable name in '${env:}'")
                                                        : "bad variable name '" + std::string(name) +
                                                              "' (letters, digits and '_', not starting with a digit)"});
            continue;
        }
        out.variables.emplace_back(name);
        std::optional<std::string> value = env ? env(name) : std::nullopt;
        if (!value) {
            out.problems.push_back({start, "environment variable " + std::string(name) + " is not set"});
            continue;
        }
        out.value += *value;
        out.resolved.push_back(std::move(*value));
    }
    out.whole = references == 1 && spans_all;
    return out;
}

}  // namespace photobridge::workflow_file
