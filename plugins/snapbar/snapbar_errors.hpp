// Snapbar's error bodies → sdk::ProviderFailure.
#pragma once

#include <photobridge/sdk.hpp>

namespace photobridge::plugins::snapbar {

// Reads the three documented error shapes into one message:
//   {"error": "Studio not found"}                                   → "Studio not found"
//   {"error": "Failed to create contact", "details": ["Email ..."]} → "Failed to create contact: Email ..."
//   {"errors": [{"path": ["email"], "message": "Email ... invalid"}]} → "email: Email ... invalid"
// Anything else falls back to sdk::read_common_failure. Snapbar documents no
// error codes, so `code` stays empty.
photobridge::sdk::ProviderFailure read_failure(const photobridge::sdk::HttpResponse& response);

}  // namespace photobridge::plugins::snapbar
