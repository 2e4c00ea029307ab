#include "generative_photos_checks.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

namespace photobridge::plugins::generative_photos {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

milliseconds ms(const json::object& input, std::string_view key) {
    return milliseconds(input.at(key).to_number<std::int64_t>());
}

// The handle's integer member `key`, or `fallback` when the handle has none
// (the first check) or it is not an integer.
std::int64_t handle_int(const json::value& handle, std::string_view key, std::int64_t fallback) {
    const auto* object = handle.if_object();
    const auto* v = object != nullptr ? object->if_contains(key) : nullptr;
    return v != nullptr && v->is_int64() ? v->get_int64() : fallback;
}

std::string prefix(std::string_view what, const Item& item) {
    return std::string(kProvider) + ": " + std::string(what) + ": item " + item.id;
}

}  // namespace

PollOptions poll_options(const json::object& input) {
    PollOptions o{ms(input, "timeout_ms"), ms(input, "initial_delay_ms"), ms(input, "max_delay_ms")};
    o.max_delay = std::max(o.max_delay, o.initial_delay);
    return o;
}

sdk::CheckAnswer check_item(const PollOptions& options, const json::value& handle, const std::function<Item()>& fetch,
                            const std::function<bool(const Item&)>& settled,
                            const std::function<sdk::Result(const Item&)>& result_of, std::string_view what) {
    const std::int64_t now = sdk::unix_ms_now();
    const std::int64_t deadline = handle_int(handle, "deadline_unix_ms", now + options.timeout.count());
    const std::int64_t delay = handle_int(handle, "delay_ms", options.initial_delay.count());
    const std::int64_t polls = handle_int(handle, "polls", 0) + 1;

    const Item item = fetch();
    const std::string status = item.status.value_or("");
    if (item.failed()) {
        const std::string code = item.error_code.value_or("");
        return sdk::CheckAnswer::failed(
            status, prefix(what, item) + " failed (data.task.error.code: " + (code.empty() ? "none given" : code) + ")",
            code);
    }
    if (settled(item)) return sdk::CheckAnswer::done(result_of(item));
    const std::int64_t after_fetch = sdk::unix_ms_now();
    if (after_fetch >= deadline)
        return sdk::CheckAnswer::expired(
            status, prefix(what, item) + " did not settle within " + std::to_string(options.timeout.count()) +
                        " ms (" + std::to_string(polls) + " polls, last data.task.status: " +
                        item.status.value_or("absent") + ")");
    const std::int64_t wait = std::min(delay, deadline - after_fetch) + 1;
    json::object next{{"deadline_unix_ms", deadline},
                      {"delay_ms", std::min<std::int64_t>(delay * 2, options.max_delay.count())},
                      {"polls", polls}};
    return sdk::CheckAnswer::pending(milliseconds(wait), std::move(next), status.empty() ? "waiting" : status, item.id);
}

}  // namespace photobridge::plugins::generative_photos
