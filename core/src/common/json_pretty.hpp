// Indented JSON text for people and for committed files (Boost.JSON 1.81
// only prints compactly). Shared by the host (CLI output) and the mock
// (fixture files import-postman writes). Pure function: safe from any thread.
#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace photobridge::common {

// Two-space indentation, object keys in their stored order, a newline at the
// end. Deterministic: the same value always gives the same text.
std::string pretty_json(const boost::json::value& value);

}  // namespace photobridge::common
