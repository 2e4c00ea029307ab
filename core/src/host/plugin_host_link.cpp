#include "host/plugin_host_link.hpp"

#include "host/wire_messages.hpp"

#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/sinks.hpp>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace photobridge::host {
namespace {

using wire::Frame;
using wire::MessageType;

bool is_answer(MessageType type) { return type == MessageType::result || type == MessageType::description; }
bool is_callback(MessageType type) {
    return type == MessageType::log || type == MessageType::http || type == MessageType::is_cancelled;
}

struct HeaderCollector {
    pb_header_sink sink{};
    wire::HeaderList headers;
    HeaderCollector() {
        sink.struct_size = sizeof sink;
        sink.ctx = this;
        sink.add = [](pb_header_sink* s, const char* name, std::size_t name_len, const char* value,
                      std::size_t value_len) {
            try {
                static_cast<HeaderCollector*>(s->ctx)->headers.emplace_back(std::string(name, name_len),
                                                                            std::string(value, value_len));
            } catch (...) {
            }
        };
    }
};

}  // namespace

PluginHostLink::PluginHostLink(PluginHostChild child, const pb_host* host)
    : pid_(child.pid), fd_(child.fd), host_(host) {
    reader_ = std::thread([this] { read_loop(); });
}

PluginHostLink::~PluginHostLink() {
    ::shutdown(fd_, SHUT_RDWR);  // the child reads end of stream and exits; our reader wakes
    if (reader_.joinable()) reader_.join();
    ::close(fd_);
}

bool PluginHostLink::ended() const {
    std::lock_guard lock(mutex_);
    return ended_;
}

void PluginHostLink::kill_child(const std::string& why) {
    std::lock_guard lock(mutex_);
    if (reaping_) return;
    if (death_.empty()) death_ = why;
    ::kill(pid_, SIGKILL);
}

bool PluginHostLink::send(const Frame& frame) {
    std::lock_guard lock(write_mutex_);
    return wire::write_frame(fd_, frame);
}

void PluginHostLink::read_loop() {
    std::string problem;
    for (;;) {
        Frame frame;
        try {
            if (!wire::read_frame(fd_, frame)) break;
        } catch (const wire::WireError& e) {
            if (!e.stream_ended) problem = e.what;
            break;
        }
        if (!route(std::move(frame))) {
            problem = "an unexpected message type " + std::to_string(static_cast<int>(frame.type));
            break;
        }
    }
    // A child that broke the protocol is not trusted to end by itself.
    if (!problem.empty()) kill_child("broke the wire protocol (" + problem + ") and was killed");
    // End of stream: the child is ending (or closed its socket: give it a
    // moment, then make sure).
    if (!wait_for_end(pid_, std::chrono::milliseconds(2000))) {
        kill_child("closed its socket but did not exit, and was killed");
        wait_for_end(pid_, std::chrono::hours(1));
    }
    {
        std::lock_guard lock(mutex_);
        reaping_ = true;
    }
    const std::string how = reap_plugin_host(pid_);
    std::lock_guard lock(mutex_);
    if (death_.empty()) death_ = how;
    ended_ = true;
    changed_.notify_all();
}

bool PluginHostLink::route(Frame frame) {
    std::uint32_t to = frame.call_id;
    if (is_callback(frame.type)) {
        try {
            wire::PieceReader in(frame.payload);
            to = in.u32();  // the call it is made within
        } catch (const wire::WireError&) {
            return false;
        }
    } else if (!is_answer(frame.type)) {
        return false;
    }
    {
        std::lock_guard lock(mutex_);
        if (auto it = waiters_.find(to); it != waiters_.end()) {
            it->second->frames.push_back(std::move(frame));
            changed_.notify_all();
            return true;
        }
    }
    // An answer nobody waits for (its call gave up): dropped. A callback
    // outside any call: served here.
    if (is_callback(frame.type)) serve_callback(frame);
    return true;
}

void PluginHostLink::serve_callback(const Frame& frame) {
    try {
        wire::PieceReader in(frame.payload);
        in.u32();  // within
        switch (frame.type) {
            case MessageType::log: {
                const std::int32_t level = in.i32();
                const std::string message(in.bytes());
                if (host_->log != nullptr) host_->log(host_, level, message.c_str());
                return;
            }
            case MessageType::is_cancelled: {
                const std::int32_t cancelled = host_->is_cancelled != nullptr ? host_->is_cancelled(host_) : 0;
                Frame answer{MessageType::cancelled_result, frame.call_id, {}};
                wire::PieceWriter(answer.payload).u8(cancelled != 0 ? 1 : 0);
                send(answer);
                return;
            }
            case MessageType::http: {
                const std::string method(in.bytes());
                const std::string url(in.bytes());
                const wire::HeaderList header_list = wire::read_headers(in);
                const std::string_view body = in.bytes();
                const std::uint32_t timeout_ms = in.u32();
                std::vector<pb_header> headers;
                for (const auto& [name, value] : header_list) headers.push_back(pb_header{name.c_str(), value.c_str()});
                pb_http_request request{};
                request.struct_size = sizeof request;
                request.method = method.c_str();
                request.url = url.c_str();
                request.headers = headers.empty() ? nullptr : headers.data();
                request.header_count = headers.size();
                request.body = pb_bytes{reinterpret_cast<const std::uint8_t*>(body.data()), body.size()};
                request.timeout_ms = timeout_ms;
                HeaderCollector response_headers;
                sdk::StringSink response_body;
                pb_http_response response{};
                response.struct_size = sizeof response;
                response.headers = &response_headers.sink;
                response.body = response_body.get();
                pb_error error = sdk::make_error_struct();
                const std::int32_t rc = host_->http(host_, &request, &response, &error);
                Frame answer{MessageType::http_result, frame.call_id, {}};
                wire::PieceWriter out(answer.payload);
                out.i32(rc).i32(response.status);
                wire::write_headers(out, response_headers.headers);
                out.bytes(response_body.str());
                wire::write_error(out, error);
                send(answer);
                return;
            }
            default:
                return;
        }
    } catch (const wire::WireError& e) {
        kill_child("sent a malformed host call (" + e.what + ") and was killed");
    } catch (const std::exception& e) {
        kill_child(std::string("could not be served a host call (") + e.what() + ") and was killed");
    }
}

std::optional<Frame> PluginHostLink::call(MessageType type, std::string payload, std::chrono::milliseconds deadline,
                                          std::string& failure) {
    std::uint32_t id = next_id_.fetch_add(1, std::memory_order_relaxed) & ~wire::kChildCallBit;
    if (id == 0) id = next_id_.fetch_add(1, std::memory_order_relaxed) & ~wire::kChildCallBit;
    Waiter waiter;
    {
        std::lock_guard lock(mutex_);
        if (ended_) {
            failure = death_;
            return std::nullopt;
        }
        waiters_[id] = &waiter;
    }
    struct Unregister {
        PluginHostLink& link;
        std::uint32_t id;
        ~Unregister() {
            std::lock_guard lock(link.mutex_);
            link.waiters_.erase(id);
        }
    } unregister{*this, id};

    // A failed write means the child is gone: the reader is about to say how.
    send(Frame{type, id, std::move(payload)});
    for (;;) {
        std::unique_lock lock(mutex_);
        const bool woke =
            changed_.wait_for(lock, deadline, [&] { return !waiter.frames.empty() || ended_; });
        if (!waiter.frames.empty()) {
            Frame frame = std::move(waiter.frames.front());
            waiter.frames.pop_front();
            lock.unlock();
            if (is_answer(frame.type)) return frame;
            serve_callback(frame);
            continue;
        }
        if (!woke) {
            lock.unlock();
            kill_child("did not answer within " + std::to_string(deadline.count()) +
                       " ms (the call deadline) and was killed");
            lock.lock();
            changed_.wait(lock, [&] { return ended_; });
        }
        failure = death_;
        return std::nullopt;
    }
}

}  // namespace photobridge::host
