// HeadshotPro's refusals -> sdk::ProviderFailure and typed errors.
//
// headshotpro.md documents no error responses. Every response it does show
// is an envelope {"success": true, ...}, so an error body is read as the same
// envelope with success=false: "message", then "error" (a string or an object
// with "message"/"code"), then "errors"[0].message; anything else falls back
// to the SDK's common reader (raw body snippet).
#pragma once

#include <photobridge/sdk.hpp>

#include <boost/json.hpp>

#include <string_view>

namespace photobridge::plugins::headshotpro {

photobridge::sdk::ProviderFailure read_failure(const photobridge::sdk::HttpResponse& response);

// Throws sdk::Error(PB_ERR_PROTOCOL) when a 2xx body is not an object or says
// "success": false (with the provider's message). A body without "success"
// is accepted: the field is the envelope's, not the data's.
void check_envelope(const boost::json::value& body, std::string_view where);

}  // namespace photobridge::plugins::headshotpro
