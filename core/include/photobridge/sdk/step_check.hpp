// Operations that wait for something at the provider (a generation, a face
// detection), written once as a *check*: one look that answers done,
// pending (look again at T, with this handle), failed or expired.
// Plugin::check_operation() registers such a handler twice over:
//  - as the step-check extension (ext/step_check.h), so a host that parks
//    waiting records calls it once per due time and frees its worker;
//  - as an ordinary blocking operation of the same name (wait_by_checks
//    below), for `photobridge call`, older hosts and plain invoke steps.
// The polling policy (backoff, deadline, what counts as done) therefore
// lives in one handler whichever way the host calls it.
#pragma once

#include <photobridge/sdk/call.hpp>
#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/host.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

namespace photobridge::sdk {

// One answer of a check handler.
struct CheckAnswer {
    enum class State { done, pending, failed, expired };
    State state = State::pending;
    Result result;                            // done: what the operation returns
    std::chrono::milliseconds check_after{0}; // pending: when to look again (from now)
    boost::json::value handle;                // pending: given back on the next check; no secrets
    std::string status;                       // the provider's status, for people ("queued", "failed")
    std::string id;                           // the provider's id of the job
    std::string message;                      // failed, expired: why
    std::string provider_code;                // failed: the provider's error code, "" when none

    static CheckAnswer done(Result result) {
        CheckAnswer a;
        a.state = State::done;
        a.result = std::move(result);
        return a;
    }
    static CheckAnswer pending(std::chrono::milliseconds check_after, boost::json::value handle, std::string status,
                               std::string id) {
        CheckAnswer a;
        a.check_after = std::max(check_after, std::chrono::milliseconds(0));
        a.handle = std::move(handle);
        a.status = std::move(status);
        a.id = std::move(id);
        return a;
    }
    static CheckAnswer failed(std::string status, std::string message, std::string provider_code = {}) {
        CheckAnswer a;
        a.state = State::failed;
        a.status = std::move(status);
        a.message = std::move(message);
        a.provider_code = std::move(provider_code);
        return a;
    }
    static CheckAnswer expired(std::string status, std::string message) {
        CheckAnswer a;
        a.state = State::expired;
        a.status = std::move(status);
        a.message = std::move(message);
        return a;
    }

    // The answer as ext/step_check.h writes it (a done answer's bytes
    // travel apart).
    boost::json::object to_json() const {
        switch (state) {
        case State::done: return {{"state", "done"}, {"result", result.json}};
        case State::pending:
            return {{"state", "pending"}, {"check_after_ms", static_cast<std::int64_t>(check_after.count())},
                    {"handle", handle}, {"status", status}, {"id", id}};
        case State::failed:
        case State::expired: break;
        }
        return {{"state", state == State::failed ? "failed" : "expired"},
                {"status", status},
                {"message", message},
                {"provider_code", provider_code}};
    }
};

// One check: the operation's validated input (defaults applied) and the
// previous pending answer's handle (null on the first check).
using CheckHandler = std::function<CheckAnswer(const Call& call, const boost::json::value& handle)>;

// Milliseconds since the Unix epoch: for deadlines kept in a handle, which
// must survive a restart of the host (a steady clock would not).
inline std::int64_t unix_ms_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Sleeps `duration` in slices of at most 25 ms; throws PB_ERR_CANCELLED as
// soon as the host asks to stop.
inline void sleep_cancellable(const Host& host, std::chrono::milliseconds duration) {
    using Clock = std::chrono::steady_clock;
    const auto until = Clock::now() + duration;
    for (;;) {
        host.check_cancelled();
        const auto now = Clock::now();
        if (now >= until) return;
        std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(25), until - now));
    }
}

// The blocking form of a check: checks until the answer is not pending,
// sleeping check_after between looks (cancellable). Returns a done answer's
// result; throws PB_ERR_CONFLICT (with the provider's code) for failed and
// PB_ERR_TIMEOUT for expired, with the answer's message (so a check's
// message names the provider, the operation and the job).
inline Result wait_by_checks(const Call& call, const CheckHandler& check) {
    boost::json::value handle;
    for (;;) {
        call.host.check_cancelled();
        CheckAnswer answer = check(call, handle);
        switch (answer.state) {
        case CheckAnswer::State::done: return std::move(answer.result);
        case CheckAnswer::State::failed:
            throw Error(PB_ERR_CONFLICT, answer.message, 0, answer.provider_code);
        case CheckAnswer::State::expired: throw Error(PB_ERR_TIMEOUT, answer.message);
        case CheckAnswer::State::pending: break;
        }
        sleep_cancellable(call.host, answer.check_after);
        handle = std::move(answer.handle);
    }
}

}  // namespace photobridge::sdk
