#include "query_validation.hpp"

#include "base64.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include <boost/json.hpp>

namespace photobridge::mock {

namespace {

std::optional<QueryProblem> check_value(const QueryParamSpec& spec, const std::string& value, bool check_cursor) {
    auto problem = [&](std::string message) { return QueryProblem{&spec, value, std::move(message)}; };
    switch (spec.type) {
        case QueryParamSpec::Type::Integer: {
            std::int64_t n = 0;
            auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (ec != std::errc() || ptr != value.data() + value.size() || value.empty())
                return problem(spec.name + " must be an integer");
            if (spec.min && n < *spec.min) return problem(spec.name + " must be at least " + std::to_string(*spec.min));
            if (spec.max && n > *spec.max) return problem(spec.name + " must be at most " + std::to_string(*spec.max));
            break;
        }
        case QueryParamSpec::Type::Number: {
            char* end = nullptr;
            const double d = std::strtod(value.c_str(), &end);
            if (value.empty() || end != value.c_str() + value.size()) return problem(spec.name + " must be a number");
            if (spec.min && d < static_cast<double>(*spec.min))
                return problem(spec.name + " must be at least " + std::to_string(*spec.min));
            if (spec.max && d > static_cast<double>(*spec.max))
                return problem(spec.name + " must be at most " + std::to_string(*spec.max));
            break;
        }
        case QueryParamSpec::Type::Boolean:
            if (value != "true" && value != "false" && value != "1" && value != "0")
                return problem(spec.name + " must be true or false");
            break;
        case QueryParamSpec::Type::Cursor:
            if (!check_cursor) break;
            if (spec.cursor_format == "base64json") {
                auto decoded = base64_decode(value);
                boost::json::error_code ec;
                if (!decoded || !boost::json::parse(*decoded, ec).is_object() || ec)
                    return problem(spec.name + " is not a cursor returned by this API");
            } else {
                const bool ok = !value.empty() && value.size() <= 256 &&
                                std::all_of(value.begin(), value.end(), [](unsigned char c) {
                                    return std::isalnum(c) || c == '-' || c == '_' || c == '=' || c == '.';
                                });
                if (!ok) return problem(spec.name + " is not a cursor returned by this API");
            }
            break;
        case QueryParamSpec::Type::String:
            break;
    }
    if (!spec.allowed.empty() && std::find(spec.allowed.begin(), spec.allowed.end(), value) == spec.allowed.end()) {
        std::string list;
        for (const auto& a : spec.allowed) list += (list.empty() ? "" : ", ") + a;
        return problem(spec.name + " must be one of: " + list);
    }
    return std::nullopt;
}

}  // namespace

std::optional<QueryProblem> validate_query(const Endpoint& endpoint, const std::multimap<std::string, std::string>& query,
                                           bool check_cursor_format) {
    if (query.empty()) return std::nullopt;
    for (const auto& spec : endpoint.query) {
        auto [first, last] = query.equal_range(spec.name);
        for (auto it = first; it != last; ++it)
            if (auto p = check_value(spec, it->second, check_cursor_format)) return p;
    }
    return std::nullopt;
}

}  // namespace photobridge::mock
