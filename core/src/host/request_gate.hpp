// A hook the host calls before every HTTP request a plugin instance sends:
// the engine plugs its per-connection rate limiter in here.
#pragma once

namespace photobridge::host {

class RequestGate {
public:
    virtual ~RequestGate() = default;
    // Blocks until the request may go. Returns false when the caller should
    // give up (cancelled). [any-thread]
    virtual bool acquire() = 0;
};

}  // namespace photobridge::host
