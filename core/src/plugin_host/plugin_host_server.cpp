#include "plugin_host/plugin_host_server.hpp"

#include "host/http_service.hpp"
#include "host/plugin_host_process.hpp"
#include "host/wire_frame.hpp"
#include "host/wire_messages.hpp"

#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/sinks.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace photobridge::plugin_host {
namespace {

using host::wire::Frame;
using host::wire::MessageType;
using host::wire::PieceReader;
using host::wire::PieceWriter;

// The parent call the current thread is serving (0: none), named in the
// host-service calls it makes so the parent runs them on that call's thread.
thread_local std::uint32_t current_call = 0;

class Server {
public:
    Server(int fd, host::LoadedPluginPtr plugin, std::string load_problem)
        : fd_(fd), plugin_(std::move(plugin)), load_problem_(std::move(load_problem)) {
        table_.struct_size = sizeof table_;
        table_.abi_major = PB_ABI_MAJOR;
        table_.abi_minor = PB_ABI_MINOR;
        table_.host_data = this;
        table_.log = &Server::host_log;
        table_.http = &Server::host_http;
        table_.is_cancelled = &Server::host_is_cancelled;
        table_.get_extension = &Server::host_get_extension;
    }

    [[noreturn]] void run() {
        for (;;) {
            Frame frame;
            try {
                if (!host::wire::read_frame(fd_, frame)) break;
            } catch (const host::wire::WireError&) {
                break;
            }
            if (frame.type == MessageType::http_result || frame.type == MessageType::cancelled_result) {
                deliver(std::move(frame));
                continue;
            }
            dispatch(std::move(frame));
        }
        // The parent is gone or closed the link: nothing more will be asked.
        std::_Exit(0);
    }

private:
    struct Waiter {
        std::optional<Frame> answer;
    };

    static Server& self_of(const pb_host* host) { return *static_cast<Server*>(host->host_data); }

    // Hands a call to an idle worker, starting one more when every worker
    // is busy (workers are kept: no thread is made per call). When no
    // thread can be made (the memory limit), the call waits for a worker;
    // with none at all the process cannot serve and ends.
    void dispatch(Frame frame) {
        std::lock_guard lock(pool_mutex_);
        queue_.push_back(std::move(frame));
        if (queue_.size() > idle_workers_) {
            try {
                std::thread([this] { work(); }).detach();
                ++workers_;
            } catch (const std::exception&) {
                if (workers_ == 0) std::_Exit(host::kPluginHostOutOfMemoryExit);
            }
        }
        work_ready_.notify_one();
    }

    [[noreturn]] void work() {
        for (;;) {
            Frame frame;
            {
                std::unique_lock lock(pool_mutex_);
                ++idle_workers_;
                work_ready_.wait(lock, [this] { return !queue_.empty(); });
                --idle_workers_;
                frame = std::move(queue_.front());
                queue_.pop_front();
            }
            serve(std::move(frame));
        }
    }

    bool send(const Frame& frame) {
        std::lock_guard lock(write_mutex_);
        return host::wire::write_frame(fd_, frame);
    }

    void deliver(Frame frame) {
        std::lock_guard lock(mutex_);
        if (auto it = waiters_.find(frame.call_id); it != waiters_.end()) {
            it->second->answer = std::move(frame);
            answered_.notify_all();
        }
    }

    // A host-service call: sends it and waits for the parent's answer (for
    // ever: when the parent dies, so does this process).
    Frame ask_parent(MessageType type, std::string payload) {
        const std::uint32_t id = (next_id_.fetch_add(1, std::memory_order_relaxed) | host::wire::kChildCallBit);
        Waiter waiter;
        {
            std::lock_guard lock(mutex_);
            waiters_[id] = &waiter;
        }
        send(Frame{type, id, std::move(payload)});
        std::unique_lock lock(mutex_);
        answered_.wait(lock, [&] { return waiter.answer.has_value(); });
        waiters_.erase(id);
        return std::move(*waiter.answer);
    }

    void answer(std::uint32_t call_id, std::int32_t status, std::string_view json, std::string_view output,
                const pb_error& error) {
        send(Frame{MessageType::result, call_id, host::wire::result_payload(status, json, output, error)});
    }

    void serve(Frame frame) {
        current_call = frame.call_id;
        pb_error error = sdk::make_error_struct();
        try {
            serve_call(frame, error);
        } catch (const host::wire::WireError& e) {
            // A malformed call from the parent: nothing sensible to serve.
            sdk::fill_error(&error, PB_ERR_INTERNAL, "plugin host: malformed call: " + e.what);
            answer(frame.call_id, PB_ERR_INTERNAL, {}, {}, error);
        } catch (const std::exception& e) {
            sdk::fill_error(&error, PB_ERR_INTERNAL, std::string("plugin host: ") + e.what());
            answer(frame.call_id, PB_ERR_INTERNAL, {}, {}, error);
        }
        current_call = 0;
    }

    void serve_call(const Frame& frame, pb_error& error) {
        PieceReader in(frame.payload);
        const pb_plugin_descriptor* d = plugin_ ? plugin_->descriptor : nullptr;
        if (frame.type == MessageType::describe) {
            Frame out{MessageType::description, frame.call_id, {}};
            PieceWriter w(out.payload);
            if (!plugin_) {
                w.i32(PB_ERR_INTERNAL).bytes("").bytes("").bytes("").bytes(load_problem_);
            } else {
                w.i32(PB_OK).bytes(plugin_->id).bytes(plugin_->name).bytes(plugin_->version).bytes("");
            }
            send(out);
            return;
        }
        if (d == nullptr) {
            sdk::fill_error(&error, PB_ERR_INTERNAL, "plugin host: no plugin loaded: " + load_problem_);
            answer(frame.call_id, PB_ERR_INTERNAL, {}, {}, error);
            return;
        }
        const host::PluginExtensions& ext = plugin_->extensions;
        switch (frame.type) {
            case MessageType::create: {
                const std::string_view config = in.bytes();
                if (instance_ != nullptr) {
                    sdk::fill_error(&error, PB_ERR_INTERNAL, "plugin host: the instance exists already");
                    answer(frame.call_id, PB_ERR_INTERNAL, {}, {}, error);
                    return;
                }
                pb_instance* made = plugin_->made_by != nullptr
                                        ? plugin_->made_by->create(d, &table_, config.data(), config.size(), &error)
                                        : d->create(&table_, config.data(), config.size(), &error);
                if (made == nullptr) {
                    const std::int32_t code = error.code == PB_OK ? PB_ERR_INTERNAL : error.code;
                    answer(frame.call_id, code, {}, {}, error);
                    return;
                }
                instance_ = made;
                answer(frame.call_id, PB_OK, {}, {}, error);
                return;
            }
            case MessageType::destroy: {
                if (instance_ != nullptr) d->destroy(instance_);
                instance_ = nullptr;
                answer(frame.call_id, PB_OK, {}, {}, error);
                return;
            }
            case MessageType::invoke: {
                const std::string operation(in.bytes());
                const std::string_view request = in.bytes();
                const std::string_view input = in.bytes();
                sdk::StringSink json(in.u64());
                sdk::StringSink output(in.u64());
                const bool want_output = in.u8() != 0;
                const pb_bytes input_bytes{reinterpret_cast<const std::uint8_t*>(input.data()), input.size()};
                const std::int32_t rc = d->invoke(instance_, operation.c_str(), request.data(), request.size(),
                                                  input_bytes, json.get(), want_output ? output.get() : nullptr, &error);
                finish(frame.call_id, rc, json, output, error);
                return;
            }
            case MessageType::verify_webhook: {
                const std::string token(in.bytes());
                const std::string_view body = in.bytes();
                const std::int32_t leeway = in.i32();
                sdk::StringSink verdict(in.u64());
                sdk::StringSink none(0);
                if (ext.webhook_verifier == nullptr) return unsupported(frame.call_id, "webhook verifier", error);
                const pb_bytes body_bytes{reinterpret_cast<const std::uint8_t*>(body.data()), body.size()};
                const std::int32_t rc =
                    ext.webhook_verifier->verify(instance_, token.c_str(), body_bytes, leeway, verdict.get(), &error);
                finish(frame.call_id, rc, verdict, none, error);
                return;
            }
            case MessageType::download_media: {
                const std::string url(in.bytes());
                const std::string variant(in.bytes());
                sdk::StringSink json(in.u64());
                sdk::StringSink bytes(in.u64());
                if (ext.media_download == nullptr) return unsupported(frame.call_id, "media download", error);
                const std::int32_t rc = ext.media_download->download(instance_, url.c_str(), variant.c_str(),
                                                                     json.get(), bytes.get(), &error);
                finish(frame.call_id, rc, json, bytes, error);
                return;
            }
            case MessageType::can_find_write: {
                const std::string action(in.bytes());
                const std::string_view input = in.bytes();
                if (ext.sink_lookup == nullptr) return unsupported(frame.call_id, "sink lookup", error);
                const std::int32_t found =
                    ext.sink_lookup->can_find(instance_, action.c_str(), input.data(), input.size());
                answer(frame.call_id, found == 1 ? 1 : 0, {}, {}, error);
                return;
            }
            case MessageType::find_write: {
                const std::string action(in.bytes());
                const std::string_view input = in.bytes();
                const bool has_cursor = in.u8() != 0;
                const std::string cursor(in.bytes());
                sdk::StringSink json(in.u64());
                sdk::StringSink none(0);
                if (ext.sink_lookup == nullptr) return unsupported(frame.call_id, "sink lookup", error);
                const std::int32_t rc = ext.sink_lookup->find(instance_, action.c_str(), input.data(), input.size(),
                                                              has_cursor ? cursor.c_str() : nullptr, json.get(), &error);
                finish(frame.call_id, rc, json, none, error);
                return;
            }
            case MessageType::check_step: {
                const std::string operation(in.bytes());
                const std::string_view input = in.bytes();
                const bool has_handle = in.u8() != 0;
                const std::string_view handle = in.bytes();
                sdk::StringSink json(in.u64());
                sdk::StringSink bytes(in.u64());
                if (ext.step_check == nullptr) return unsupported(frame.call_id, "step check", error);
                const std::int32_t rc =
                    ext.step_check->check(instance_, operation.c_str(), input.data(), input.size(),
                                          has_handle ? handle.data() : nullptr, handle.size(), json.get(), bytes.get(),
                                          &error);
                finish(frame.call_id, rc, json, bytes, error);
                return;
            }
            default:
                sdk::fill_error(&error, PB_ERR_INTERNAL,
                                "plugin host: unknown call type " + std::to_string(static_cast<int>(frame.type)));
                answer(frame.call_id, PB_ERR_INTERNAL, {}, {}, error);
                return;
        }
    }

    void unsupported(std::uint32_t call_id, const std::string& what, pb_error& error) {
        sdk::fill_error(&error, PB_ERR_UNSUPPORTED, "plugin host: the plugin offers no " + what);
        answer(call_id, PB_ERR_UNSUPPORTED, {}, {}, error);
    }

    void finish(std::uint32_t call_id, std::int32_t rc, sdk::StringSink& json, sdk::StringSink& output,
                pb_error& error) {
        if (rc == PB_OK) {
            answer(call_id, rc, json.str(), output.str(), error);
        } else {
            answer(call_id, rc, {}, {}, error);  // on failure the sinks' contents are discarded
        }
    }

    static void host_log(const pb_host* host, std::int32_t level, const char* message) {
        if (host == nullptr || message == nullptr) return;
        try {
            Frame frame{MessageType::log, 0, {}};
            PieceWriter(frame.payload).u32(current_call).i32(level).bytes(message);
            self_of(host).send(frame);
        } catch (...) {
        }
    }

    static std::int32_t host_http(const pb_host* host, const pb_http_request* request, pb_http_response* response,
                                  pb_error* error) {
        if (host == nullptr || request == nullptr || response == nullptr) return PB_ERR_INVALID_ARGUMENT;
        try {
            std::string payload;
            PieceWriter out(payload);
            out.u32(current_call)
                .bytes(request->method != nullptr ? request->method : "")
                .bytes(request->url != nullptr ? request->url : "");
            host::wire::HeaderList headers;
            for (std::size_t i = 0; i < request->header_count && request->headers != nullptr; ++i)
                headers.emplace_back(request->headers[i].name != nullptr ? request->headers[i].name : "",
                                     request->headers[i].value != nullptr ? request->headers[i].value : "");
            host::wire::write_headers(out, headers);
            // The wire carries one body: pieces (ABI 1.3) are joined here.
            const std::vector<pb_bytes> ranges = host::request_body_ranges(*request);
            const std::string joined = ranges.size() > 1 ? host::join_ranges(ranges) : std::string();
            const std::string_view request_body =
                ranges.size() == 1 ? std::string_view(reinterpret_cast<const char*>(ranges[0].data), ranges[0].size)
                                   : std::string_view(joined);
            out.bytes(request_body).u32(request->timeout_ms);
            const Frame reply = self_of(host).ask_parent(MessageType::http, std::move(payload));
            PieceReader in(reply.payload);
            const std::int32_t rc = in.i32();
            const std::int32_t status = in.i32();
            const host::wire::HeaderList answer_headers = host::wire::read_headers(in);
            const std::string_view body = in.bytes();
            host::wire::read_error(in, error);
            if (rc != PB_OK) return rc;
            response->status = status;
            if (response->headers != nullptr)
                for (const auto& [name, value] : answer_headers)
                    response->headers->add(response->headers, name.data(), name.size(), value.data(), value.size());
            if (!sdk::write_to_sink(response->body, body.data(), body.size())) {
                sdk::fill_error(error, PB_ERR_TOO_LARGE, "http: the response body is over the plugin's limit");
                return PB_ERR_TOO_LARGE;
            }
            return PB_OK;
        } catch (const std::exception& e) {
            sdk::fill_error(error, PB_ERR_INTERNAL, std::string("http: plugin host: ") + e.what());
            return PB_ERR_INTERNAL;
        } catch (...) {
            sdk::fill_error(error, PB_ERR_INTERNAL, "http: plugin host: unknown failure");
            return PB_ERR_INTERNAL;
        }
    }

    static std::int32_t host_is_cancelled(const pb_host* host) {
        if (host == nullptr) return 0;
        try {
            std::string payload;
            PieceWriter(payload).u32(current_call);
            const Frame reply = self_of(host).ask_parent(MessageType::is_cancelled, std::move(payload));
            PieceReader in(reply.payload);
            return in.u8() != 0 ? 1 : 0;
        } catch (...) {
            return 0;
        }
    }

    static const void* host_get_extension(const pb_host*, const char* id) {
        return id == nullptr ? nullptr : host::host_extension(id);
    }

    const int fd_;
    const host::LoadedPluginPtr plugin_;
    const std::string load_problem_;
    pb_host table_{};
    // Set by create, cleared by destroy; the parent never sends either while
    // another call on the instance runs.
    pb_instance* instance_ = nullptr;

    std::mutex pool_mutex_;  // guards the queue and the counts
    std::condition_variable work_ready_;
    std::deque<Frame> queue_;
    std::size_t idle_workers_ = 0;
    std::size_t workers_ = 0;

    std::mutex write_mutex_;
    std::mutex mutex_;  // guards waiters_
    std::condition_variable answered_;
    std::map<std::uint32_t, Waiter*> waiters_;
    std::atomic<std::uint32_t> next_id_{1};
};

}  // namespace

void serve_plugin(int fd, host::LoadedPluginPtr plugin, std::string load_problem) {
    // Leaked on purpose: detached call threads may still use it when the
    // process ends.
    auto* server = new Server(fd, std::move(plugin), std::move(load_problem));
    server->run();
}

}  // namespace photobridge::plugin_host
