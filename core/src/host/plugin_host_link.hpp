// The parent's connection to one running photobridge-plugin-host child:
// sends calls, routes answers to the threads waiting for them, runs the
// host services the child calls back, notices the child's end and reaps it.
#pragma once

#include "host/plugin_host_process.hpp"
#include "host/wire_frame.hpp"

#include <photobridge/plugin.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace photobridge::host {

// Thread contract: call() is [any-thread] and may run concurrently (answers
// are matched by call id). One reader thread per link reads every frame;
// a host-service callback made within a call runs on that call's thread,
// one made outside any call (a plugin's own thread) on the reader thread.
// The destructor closes the socket (the child exits on end of stream),
// waits for the child and reaps it; no call may be running.
class PluginHostLink {
public:
    // Takes ownership of `child` (its socket and its pid). `host` is the
    // instance's host table, borrowed for the link's lifetime.
    PluginHostLink(PluginHostChild child, const pb_host* host);
    ~PluginHostLink();
    PluginHostLink(const PluginHostLink&) = delete;
    PluginHostLink& operator=(const PluginHostLink&) = delete;

    // Sends one call and waits for its answer (a result or description
    // frame), serving the callbacks made within it. `deadline` bounds each
    // silence of the child. Returns nullopt with `failure` set when the
    // child ended (how: "was killed by signal 11 (SIGSEGV)") or stayed
    // silent past the deadline (it is then killed and reaped first).
    std::optional<wire::Frame> call(wire::MessageType type, std::string payload, std::chrono::milliseconds deadline,
                                    std::string& failure);

    // Kills the child (SIGKILL) and records `why` as the reason the calls in
    // flight fail. Safe at any time; a no-op once the child is reaped.
    void kill_child(const std::string& why);

    bool ended() const;
    pid_t pid() const noexcept { return pid_; }

private:
    struct Waiter {
        std::deque<wire::Frame> frames;
    };

    void read_loop();
    // Hands a frame to the call it names; false for a frame no call expects
    // that is also no callback (a protocol error).
    bool route(wire::Frame frame);
    void serve_callback(const wire::Frame& frame);
    bool send(const wire::Frame& frame);

    const pid_t pid_;
    const int fd_;
    const pb_host* const host_;

    mutable std::mutex mutex_;  // guards waiters_, ended_, reaping_, death_
    std::condition_variable changed_;
    std::map<std::uint32_t, Waiter*> waiters_;
    bool ended_ = false;    // reaped: every call fails with death_
    bool reaping_ = false;  // the pid may be gone: never signal it
    std::string death_;     // how the child ended, or why it was killed

    std::mutex write_mutex_;
    std::atomic<std::uint32_t> next_id_{1};
    std::thread reader_;
};

}  // namespace photobridge::host
