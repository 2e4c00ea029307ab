// Checks a request's query parameters against the limits and enums the
// fixture declares (limit above max, negative offset, unknown enum value,
// malformed cursor). Unknown parameters are ignored, as real APIs do.
#pragma once

#include "fixture_model.hpp"

#include <map>
#include <optional>
#include <string>

namespace photobridge::mock {

struct QueryProblem {
    const QueryParamSpec* spec = nullptr;
    std::string value;    // the offending decoded value
    std::string message;  // e.g. "limit must be at most 200"
};

// `query` is decoded (cpp-httplib's Params). Cursor formats are only checked
// when `check_cursor_format` is set (replay mode; a dataset backend issues and
// checks its own cursors).
std::optional<QueryProblem> validate_query(const Endpoint& endpoint, const std::multimap<std::string, std::string>& query,
                                           bool check_cursor_format);

}  // namespace photobridge::mock
