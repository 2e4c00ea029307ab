// Dotted paths into a record in flight ("person.email", "media.0.url",
// "steps.upload.data.id"), shared by templates and conditions.
//
// Syntax: segments of letters, digits, '_' and '-', separated by '.'. A
// segment made of digits indexes an array; any other segment names an
// object member. Pure functions, [any-thread].
#pragma once

#include <boost/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::model {

// Null when the path syntax is fine; otherwise the 0-based offset of the
// first bad character in `path` and what is wrong with it.
struct PathSyntaxError {
    std::size_t offset = 0;
    std::string message;
};
std::optional<PathSyntaxError> check_path_syntax(std::string_view path);

// The segments of a path with valid syntax: "a.b.0" -> {"a", "b", "0"}.
std::vector<std::string_view> path_segments(std::string_view path);

// The value at `path`, or nullptr when some segment does not exist (a
// member missing, an index out of range, a step into a scalar). A JSON null
// stored at the path is returned as a pointer to that null.
const boost::json::value* find_path(const boost::json::value& record, std::string_view path) noexcept;

}  // namespace photobridge::model
