// Errors of generative.photos that are not HTTP statuses.
#pragma once

#include "generative_photos_records.hpp"

namespace photobridge::plugins::generative_photos {

// The error for an item whose data.task.status is "failed": PB_ERR_CONFLICT
// (not retryable: create_variant is idempotent and would return the same
// failed variant), no HTTP status (the poll itself succeeded), and the
// provider's data.task.error.code as provider_code.
sdk::Error task_failed(const Item& item, std::string_view what);

}  // namespace photobridge::plugins::generative_photos
