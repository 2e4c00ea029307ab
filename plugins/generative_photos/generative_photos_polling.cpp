#include "generative_photos_polling.hpp"

#include <algorithm>
#include <string>
#include <thread>

namespace photobridge::plugins::generative_photos {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr milliseconds kSleepSlice{25};

milliseconds ms(const json::object& input, std::string_view key) {
    return milliseconds(input.at(key).to_number<std::int64_t>());
}

}  // namespace

PollOptions poll_options(const json::object& input) {
    PollOptions o{ms(input, "timeout_ms"), ms(input, "initial_delay_ms"), ms(input, "max_delay_ms")};
    o.max_delay = std::max(o.max_delay, o.initial_delay);
    return o;
}

void sleep_cancellable(const sdk::Host& host, milliseconds duration) {
    const auto until = Clock::now() + duration;
    for (;;) {
        host.check_cancelled();
        const auto now = Clock::now();
        if (now >= until) return;
        std::this_thread::sleep_for(std::min<Clock::duration>(kSleepSlice, until - now));
    }
}

Item poll_until(const sdk::Host& host, const PollOptions& options, const std::function<Item()>& fetch,
                const std::function<bool(const Item&)>& settled, std::string_view what) {
    const auto deadline = Clock::now() + options.timeout;
    milliseconds delay = options.initial_delay;
    int polls = 0;
    for (;;) {
        host.check_cancelled();
        Item item = fetch();
        ++polls;
        if (settled(item)) return item;
        const auto now = Clock::now();
        if (now >= deadline)
            throw sdk::Error(PB_ERR_TIMEOUT, std::string(kProvider) + ": " + std::string(what) + ": item " + item.id +
                                                 " did not settle within " + std::to_string(options.timeout.count()) +
                                                 " ms (" + std::to_string(polls) + " polls, last data.task.status: " +
                                                 item.status.value_or("absent") + ")");
        sleep_cancellable(host, std::chrono::duration_cast<milliseconds>(
                                    std::min<Clock::duration>(delay, deadline - now)) + milliseconds(1));
        delay = std::min(delay * 2, options.max_delay);
    }
}

}  // namespace photobridge::plugins::generative_photos
