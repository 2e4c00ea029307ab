// The asynchronous parts of generative.photos (face detection after an
// upload, variant generation) as checks (sdk/step_check.hpp): one GET of the
// item per check, with the polling policy (exponential backoff, deadline)
// carried in the handle so that it survives a host that parks the record,
// or restarts, between two checks.
#pragma once

#include "generative_photos_records.hpp"

#include <chrono>
#include <functional>
#include <string_view>

namespace photobridge::plugins::generative_photos {

struct PollOptions {
    std::chrono::milliseconds timeout;        // from the first check to the deadline
    std::chrono::milliseconds initial_delay;  // before the second check
    std::chrono::milliseconds max_delay;      // the delays double up to this
};

// Reads timeout_ms, initial_delay_ms and max_delay_ms from validated input.
PollOptions poll_options(const boost::json::object& input);

// One look at an item through fetch():
//  - done with result_of(item) when settled(item);
//  - failed when data.task.status is "failed" (CONFLICT for a blocking
//    wait; not retryable: create_variant is idempotent and would return the
//    same failed variant), with data.task.error.code as provider code;
//  - expired when the deadline (set at the first check: now + timeout) has
//    passed, naming the polls and the last data.task.status;
//  - else pending, to look again after the current delay (never past the
//    deadline by more than 1 ms), with a handle holding the deadline (Unix
//    ms), the next delay and the polls so far.
// `what` names the operation in messages ("wait_variant").
sdk::CheckAnswer check_item(const PollOptions& options, const boost::json::value& handle,
                            const std::function<Item()>& fetch, const std::function<bool(const Item&)>& settled,
                            const std::function<sdk::Result(const Item&)>& result_of, std::string_view what);

}  // namespace photobridge::plugins::generative_photos
