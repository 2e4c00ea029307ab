// Polling with exponential backoff, a deadline and host cancellation, for
// the asynchronous parts of generative.photos (faces, variant generation).
#pragma once

#include "generative_photos_records.hpp"

#include <chrono>
#include <functional>
#include <string_view>

namespace photobridge::plugins::generative_photos {

struct PollOptions {
    std::chrono::milliseconds timeout;
    std::chrono::milliseconds initial_delay;
    std::chrono::milliseconds max_delay;
};

// Reads timeout_ms, initial_delay_ms and max_delay_ms from validated input.
PollOptions poll_options(const boost::json::object& input);

// Sleeps `duration` in slices of at most 25 ms; throws PB_ERR_CANCELLED as
// soon as the host asks to stop.
void sleep_cancellable(const sdk::Host& host, std::chrono::milliseconds duration);

// Calls fetch() until settled(item) is true and returns that item. The first
// call is immediate; the delays between calls start at initial_delay and
// double up to max_delay. A last call is made at the deadline; if the item
// has still not settled, throws PB_ERR_TIMEOUT naming `what` and the last
// status. settled() may throw (e.g. task_failed) to end the wait early.
// Cancellation is checked before every call and during every sleep.
Item poll_until(const sdk::Host& host, const PollOptions& options, const std::function<Item()>& fetch,
                const std::function<bool(const Item&)>& settled, std::string_view what);

}  // namespace photobridge::plugins::generative_photos
