// A provider's record -> photobridge's canonical record (records.md), as a
// stream of a provider file maps it. Built on sdk::records, so a declarative
// provider's records have exactly the shape of a C++ plugin's.
#pragma once

#include "provider_definition.hpp"

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace photobridge::plugins::declarative {

// The text a map, a rule or a match compares: strings as they are, integers
// and booleans printed; nullopt for null, objects, arrays and nullptr.
std::optional<std::string> comparable_text(const boost::json::value* v);

// The value `source` gives for `record`; null when the provider's record
// does not have it. Throws PB_ERR_PROTOCOL naming `where` when a path goes
// through a value that is neither an object nor null.
boost::json::value evaluate(const FieldSource& source, const boost::json::value& record, std::string_view where);

// The canonical record of kind stream.record for one provider record, with
// provider = `provider` and raw = the provider record. Throws
// PB_ERR_PROTOCOL naming `where` and the field when the provider's record is
// not an object, has no id, or gives a value of the wrong type.
boost::json::object canonical_record(const StreamSpec& stream, const boost::json::value& record,
                                     std::string_view provider, std::string_view where);

}  // namespace photobridge::plugins::declarative
