// Indented JSON text for people (Boost.JSON 1.81 only prints compactly).
#pragma once

#include <boost/json.hpp>

#include <string>

namespace photobridge::host {

// Two-space indentation, keys in their stored order, a newline at the end.
std::string pretty_json(const boost::json::value& value);

}  // namespace photobridge::host
