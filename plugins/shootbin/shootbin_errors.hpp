// Shootbin's error bodies (Laravel) -> sdk::ProviderFailure.
#pragma once

#include <photobridge/sdk.hpp>

namespace photobridge::plugins::shootbin {

// Reads {"message": "...", "errors": {"<field>": ["...", ...]}}. The message
// is Shootbin's "message", followed by the field errors that say something
// else, e.g. "The given data was invalid. (approved: The photo selection
// limit of 10 photos has been reached.)". The code is the first field that
// carries an error ("approved" for the selection limit), "" when there is
// none. Bodies of another shape fall back to sdk::read_common_failure.
sdk::ProviderFailure read_failure(const sdk::HttpResponse& response);

}  // namespace photobridge::plugins::shootbin
