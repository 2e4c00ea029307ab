#include "value_checks.hpp"

#include <photobridge/sdk/json_access.hpp>

#include <algorithm>
#include <string>

namespace photobridge::plugins::declarative {
namespace json = boost::json;
namespace ja = sdk::json_access;

std::string type_list_text(const std::vector<std::string>& types) {
    std::string text;
    for (std::size_t i = 0; i < types.size(); ++i) {
        const bool vowel = types[i] == "integer" || types[i] == "object" || types[i] == "array";
        text += (i == 0 ? "" : " or ") + std::string(vowel ? "an " : "a ") + types[i];
    }
    return text;
}

void check_values(const std::vector<ValueCheck>& checks, const json::value& document, std::string_view where) {
    for (const ValueCheck& check : checks) {
        const json::value* v = ja::find(document, check.path);
        if (v == nullptr) {
            if (check.required) ja::fail(where, check.path, "is missing");
            continue;
        }
        if (v->is_null() || check.types.empty()) continue;
        const std::string kind = ja::kind_name(v->kind());
        const bool fits = std::any_of(check.types.begin(), check.types.end(), [&](const std::string& t) {
            return t == kind || (t == "number" && v->is_number());
        });
        if (!fits) ja::fail(where, check.path, "should be " + type_list_text(check.types) + ", got " + kind);
    }
}

}  // namespace photobridge::plugins::declarative
