// The [types] tables of a provider file, applied: what the provider must
// send at each path of a record, a page's body or an operation's answer.
#pragma once

#include "provider_definition.hpp"

#include <boost/json.hpp>

#include <string_view>
#include <vector>

namespace photobridge::plugins::declarative {

// Throws PB_ERR_PROTOCOL naming `where` and the path for the first check
// `document` fails: a required path that is missing, or a value (not null)
// of none of the check's types.
void check_values(const std::vector<ValueCheck>& checks, const boost::json::value& document, std::string_view where);

// "a string", "an integer or a boolean".
std::string type_list_text(const std::vector<std::string>& types);

}  // namespace photobridge::plugins::declarative
