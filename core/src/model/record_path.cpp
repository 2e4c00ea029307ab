#include "model/record_path.hpp"

#include <charconv>

namespace photobridge::model {
namespace {

bool is_segment_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool all_digits(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

std::optional<PathSyntaxError> check_path_syntax(std::string_view path) {
    if (path.empty()) return PathSyntaxError{0, "empty path"};
    std::size_t segment_start = 0;
    for (std::size_t i = 0; i <= path.size(); ++i) {
        if (i == path.size() || path[i] == '.') {
            if (i == segment_start)
                return PathSyntaxError{i, i == 0 ? "path starts with '.'" : "empty segment in path (two dots, or a trailing dot)"};
            segment_start = i + 1;
            continue;
        }
        if (!is_segment_char(path[i])) {
            const char c = path[i];
            std::string message;
            if (c == ' ' || c == '\t') {
                message = "a space";
            } else {
                message.push_back('\'');
                message.push_back(c);
                message.push_back('\'');
            }
            message.append(" is not allowed in a path (letters, digits, '_', '-' and '.' are)");
            return PathSyntaxError{i, std::move(message)};
        }
    }
    return std::nullopt;
}

std::vector<std::string_view> path_segments(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t dot = path.find('.', start);
        if (dot == std::string_view::npos) {
            out.push_back(path.substr(start));
            break;
        }
        out.push_back(path.substr(start, dot - start));
        start = dot + 1;
    }
    return out;
}

const boost::json::value* find_path(const boost::json::value& record, std::string_view path) noexcept {
    const boost::json::value* at = &record;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = path.find('.', start);
        const std::string_view segment =
            path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (const auto* object = at->if_object()) {
            at = object->if_contains(segment);
        } else if (const auto* array = at->if_array(); array != nullptr && all_digits(segment)) {
            std::size_t index = 0;
            const auto [end, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
            if (ec != std::errc() || end != segment.data() + segment.size() || index >= array->size()) return nullptr;
            at = &(*array)[index];
        } else {
            return nullptr;
        }
        if (at == nullptr) return nullptr;
        if (dot == std::string_view::npos) return at;
        start = dot + 1;
    }
}

}  // namespace photobridge::model
