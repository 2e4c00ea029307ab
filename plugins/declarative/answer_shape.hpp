// An operation's answer built from its body as the provider file's
// [operations.NAME.answer] says (AnswerShape in provider_definition.hpp).
#pragma once

#include "provider_definition.hpp"

#include <boost/json.hpp>

#include <string_view>

namespace photobridge::plugins::declarative {

// The value `shape` gives in `scope` (the body, or an element of an
// `each`); paths starting with '/' read `body`. Throws PB_ERR_PROTOCOL
// naming `where` and the path when an `each` has no array, an element is
// not an object or fails its types, or a media object holds a URL that is
// not a string.
boost::json::value shape_answer(const AnswerShape& shape, const boost::json::value& scope,
                                const boost::json::value& body, std::string_view where);

}  // namespace photobridge::plugins::declarative
