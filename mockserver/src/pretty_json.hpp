// Deterministic indented JSON text (2 spaces, object keys in insertion
// order, trailing newline), used for fixture files the importer writes.
// Boost.JSON 1.81 only serializes compactly.
#pragma once

#include <string>

#include <boost/json/value.hpp>

namespace photobridge::mock {

std::string pretty_json(const boost::json::value& value);

}  // namespace photobridge::mock
