// A declared collection's records, synthesized from the documented record
// and the dataset.toml field generators. Pure: the same spec, count and
// seed give the same records, byte for byte.
//
// Values that hold "{{base_url}}" keep it literally: the backend fills it
// per request (placeholders.hpp).
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "declarative/dataset_spec.hpp"

namespace photobridge::mock::declarative {

std::vector<boost::json::value> synthesize_records(const DatasetSpec& spec, std::size_t count, std::uint64_t seed);

// The value at `pointer` as text: strings as they are, other scalars
// serialized, "" when absent. Filters and conditions compare this.
std::string text_at(const boost::json::value& record, std::string_view pointer);

}  // namespace photobridge::mock::declarative
