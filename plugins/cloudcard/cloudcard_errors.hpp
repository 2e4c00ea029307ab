// CloudCard's refusals -> sdk::ProviderFailure.
//
// cloudcard.md documents no error body. CloudCard is a Grails API; its
// refusals are read as {"message": ...}, {"error": ...} or {"errors":
// [{"message": ...}, ...]} (first message), in that order; anything else falls
// back to the SDK's common reader (raw body snippet). Beside a "message", a
// string "error" is taken as the provider code.
#pragma once

#include <photobridge/sdk.hpp>

namespace photobridge::plugins::cloudcard {

photobridge::sdk::ProviderFailure read_failure(const photobridge::sdk::HttpResponse& response);

}  // namespace photobridge::plugins::cloudcard
