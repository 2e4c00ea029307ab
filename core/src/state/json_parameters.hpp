// Lists passed to one SQL statement as a single JSON parameter (read back
// with json_each in SQLite, jsonb_array_elements_text in PostgreSQL), so a
// list of any length is one bound value, serialised by Boost.JSON.
#pragma once

#include <string>
#include <vector>

namespace photobridge::state {

// ["a","b",...]
std::string json_text_array(const std::vector<std::string>& values);

}  // namespace photobridge::state
