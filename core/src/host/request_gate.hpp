// A hook the host calls before every HTTP request a plugin instance sends:
// the engine plugs its per-connection rate limiter in here, and is told
// when the provider asks the connection to wait.
#pragma once

#include <chrono>

namespace photobridge::host {

class RequestGate {
public:
    virtual ~RequestGate() = default;
    // Blocks until the request may go. Returns false when the caller should
    // give up (cancelled). [any-thread]
    virtual bool acquire() = 0;
    // The provider answered a call of this instance with a rate limit that
    // resets in `wait`: requests of every caller should hold off until then.
    // [any-thread]; the default ignores it.
    virtual void pause_for(std::chrono::milliseconds wait) { (void)wait; }
};

}  // namespace photobridge::host
