// HeadshotPro's success=false envelope on a 2xx response.
//
// headshotpro.md documents no error responses. Every response it does show
// is an envelope {"success": true, ...}; an error body is read as the same
// envelope with success=false by the SDK's common reader
// (sdk::read_common_failure: "message", "error", "errors"[...]), which
// ApiClient uses by default.
#pragma once

#include <photobridge/sdk.hpp>

#include <boost/json.hpp>

#include <string_view>

namespace photobridge::plugins::headshotpro {

// Throws sdk::Error(PB_ERR_PROTOCOL) when a 2xx body is not an object or says
// "success": false (with the provider's message). A body without "success"
// is accepted: the field is the envelope's, not the data's.
void check_envelope(const boost::json::value& body, std::string_view where);

}  // namespace photobridge::plugins::headshotpro
