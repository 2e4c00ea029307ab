#include "host/isolated_instance.hpp"

#include "host/logger.hpp"
#include "host/plugin_host_link.hpp"
#include "host/plugin_host_process.hpp"
#include "host/wire_messages.hpp"

#include <photobridge/sdk/sinks.hpp>

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

namespace photobridge::host {
namespace {

using wire::Frame;
using wire::MessageType;

constexpr std::chrono::milliseconds kFirstRestartDelay{100};
constexpr std::chrono::milliseconds kLongestRestartDelay{5000};
// Suspects remembered at most; beyond it the oldest knowledge is dropped
// (the set is cleared), which only costs a bystander one more attempt.
constexpr std::size_t kMostSuspects = 4096;

// Which calls may share the child. A call that was in flight when a child
// died is a suspect: any of the calls in flight then may have killed it.
// A suspect runs alone, so a crash during it is its own, and the other
// calls in flight at the first crash (the bystanders) are not caught in
// the culprit's next crashes: a bystander spends one attempt, a culprit
// all of them. Suspects are known by a hash of the call (its type and its
// payload: operation, request, input bytes); a suspect that succeeds is
// cleared. Thread contract: every member is [any-thread].
class CallGate {
public:
    // Blocks until the call may run: alone for a suspect (after the calls
    // running drain, ahead of new shared calls), else beside other shared
    // calls. Returns how many other calls were running when it entered.
    int enter(std::size_t call_hash) {
        std::unique_lock lock(mutex_);
        if (suspects_.count(call_hash) != 0) {
            ++alone_waiting_;
            changed_.wait(lock, [&] { return running_ == 0 && !alone_running_; });
            --alone_waiting_;
            alone_running_ = true;
            return 0;
        }
        changed_.wait(lock, [&] { return alone_waiting_ == 0 && !alone_running_; });
        return running_++;
    }

    // Ends a call entered with enter(). `died_with_child`: the call failed
    // because its child ended (the call becomes a suspect); else a success
    // or the plugin's own answer (the call is cleared).
    void leave(std::size_t call_hash, bool died_with_child) {
        {
            std::lock_guard lock(mutex_);
            if (alone_running_ && running_ == 0) {
                alone_running_ = false;
            } else {
                --running_;
            }
            if (died_with_child) {
                if (suspects_.size() >= kMostSuspects) suspects_.clear();
                suspects_.insert(call_hash);
            } else {
                suspects_.erase(call_hash);
            }
        }
        changed_.notify_all();
    }

    int in_flight() const {
        std::lock_guard lock(mutex_);
        return running_ + (alone_running_ ? 1 : 0);
    }

private:
    mutable std::mutex mutex_;  // guards what follows
    std::condition_variable changed_;
    int running_ = 0;  // shared calls running
    int alone_waiting_ = 0;
    bool alone_running_ = false;
    std::unordered_set<std::size_t> suspects_;
};

std::size_t hash_of_call(MessageType type, std::string_view payload) {
    const std::size_t payload_hash = std::hash<std::string_view>{}(payload);
    return payload_hash ^ (static_cast<std::size_t>(type) * 0x9e3779b97f4a7c15ULL);
}

// One isolated instance: the child it lives in now, and what it takes to
// start another (the plugin's files, the config, the host table).
// Thread contract: call() is [any-thread]; restarts are serialised.
class IsolatedInstance {
public:
    IsolatedInstance(const LoadedPlugin& plugin, const IsolationSettings& settings, std::string_view connection,
                     std::size_t max_json, std::size_t max_output, const pb_host* host, std::string_view config)
        : plugin_id_(plugin.id),
          connection_(connection),
          settings_(settings),
          max_json_(max_json),
          max_output_(max_output),
          host_(host),
          config_(config) {
        if (settings_.program.empty()) settings_.program = plugin_host_program();
        if (plugin.made_by != nullptr) {
            arguments_ = {plugin.library.location().string(), plugin.file.string()};
        } else {
            arguments_ = {plugin.file.string()};
        }
#if defined(__SANITIZE_ADDRESS__)
        // AddressSanitizer reserves terabytes of address space: an RLIMIT_AS
        // child cannot start. Sanitizer builds run children unlimited.
        settings_.memory_limit_mb = 0;
#endif
    }

    ~IsolatedInstance() {
        std::shared_ptr<PluginHostLink> link;
        {
            std::lock_guard lock(restart_mutex_);
            link = std::move(link_);
        }
        if (link && !link->ended()) {
            std::string failure;
            link->call(MessageType::destroy, {}, settings_.call_deadline, failure);
        }
        // ~PluginHostLink closes the socket, waits for the child and reaps it.
    }

    std::size_t max_json() const noexcept { return max_json_; }
    std::size_t max_output() const noexcept { return max_output_; }

    // Starts the first child; false with `error` filled when it fails.
    bool start(pb_error* error) { return live_link(error, "create") != nullptr; }

    // One call on a live child (started first when needed). Returns PB_OK
    // with the answer frame, else PB_ERR_UNAVAILABLE (or CANCELLED while
    // waiting to restart) with `error` filled.
    // A call that was in flight when its child died runs alone on its next
    // attempt (CallGate), so a crash is pinned on the call that caused it.
    std::int32_t call(MessageType type, std::string payload, const std::string& what, Frame& answer, pb_error* error) {
        const std::size_t call_hash = hash_of_call(type, payload);
        const int others = gate_.enter(call_hash);
        bool died_with_child = false;
        struct Leave {
            CallGate& gate;
            std::size_t hash;
            bool& died;
            ~Leave() { gate.leave(hash, died); }
        } leave{gate_, call_hash, died_with_child};

        auto link = live_link(error, what);
        if (!link) return error != nullptr && error->code != PB_OK ? error->code : PB_ERR_UNAVAILABLE;
        std::string failure;
        auto frame = link->call(type, std::move(payload), settings_.call_deadline, failure);
        if (!frame) {
            died_with_child = true;
            note_end(link);
            const int with = std::max(others, gate_.in_flight() - 1);
            const std::string company =
                with > 0 ? " with " + std::to_string(with) + " other call(s) in flight (this call runs alone next time)"
                         : "";
            wire::fill_wire_error(
                error, PB_ERR_UNAVAILABLE,
                unavailable_message(link->pid(), failure, what) + company + "; it is restarted on the next call");
            return PB_ERR_UNAVAILABLE;
        }
        answer = std::move(*frame);
        std::lock_guard lock(restart_mutex_);
        failures_in_row_ = 0;
        return PB_OK;
    }

    // A call whose answer is a result frame: writes its JSON and bytes to
    // the caller's sinks, fills `error`. Returns the plugin's status.
    std::int32_t call_for_result(MessageType type, std::string payload, const std::string& what, pb_sink* json,
                                 pb_sink* output, pb_error* error) {
        Frame answer;
        const std::int32_t rc = call(type, std::move(payload), what, answer, error);
        if (rc != PB_OK) return rc;
        try {
            if (answer.type != MessageType::result) throw wire::WireError{"a description where a result was due"};
            wire::PieceReader in(answer.payload);
            const std::int32_t status = in.i32();
            const std::string_view json_text = in.bytes();
            const std::string_view bytes = in.bytes();
            wire::read_error(in, error);
            if (status != PB_OK) return status;
            if (!sdk::write_to_sink(json, json_text.data(), json_text.size()) ||
                !sdk::write_to_sink(output, bytes.data(), bytes.size())) {
                wire::fill_wire_error(error, PB_ERR_TOO_LARGE, what + ": the answer is over the caller's limit");
                return PB_ERR_TOO_LARGE;
            }
            return PB_OK;
        } catch (const wire::WireError& e) {
            return broken_answer(what, e, error);
        }
    }

    std::int32_t broken_answer(const std::string& what, const wire::WireError& e, pb_error* error) {
        std::shared_ptr<PluginHostLink> link;
        {
            std::lock_guard lock(restart_mutex_);
            link = link_;
        }
        if (link) link->kill_child("sent a malformed answer (" + e.what + ") and was killed");
        wire::fill_wire_error(error, PB_ERR_UNAVAILABLE,
                              label() + ": the plugin host sent a malformed answer to " + what + " (" + e.what +
                                  "); it is restarted on the next call");
        return PB_ERR_UNAVAILABLE;
    }

private:
    std::string label() const { return "connection '" + connection_ + "' (plugin " + plugin_id_ + ")"; }

    std::string unavailable_message(pid_t pid, const std::string& failure, const std::string& what) const {
        return label() + ": the plugin host (pid " + std::to_string(pid) + ") " + failure + " during " + what;
    }

    // The link a call fails on ended: the next call restarts, after a delay.
    void note_end(const std::shared_ptr<PluginHostLink>& link) {
        std::lock_guard lock(restart_mutex_);
        if (link_ != link) return;  // another caller noticed first
        link_.reset();
        ++failures_in_row_;
        last_failure_ = std::chrono::steady_clock::now();
    }

    std::chrono::milliseconds restart_delay() const {
        auto delay = kFirstRestartDelay;
        for (int i = 1; i < failures_in_row_ && delay < kLongestRestartDelay; ++i) delay *= 2;
        return std::min(delay, kLongestRestartDelay);
    }

    bool cancelled() const { return host_->is_cancelled != nullptr && host_->is_cancelled(host_) != 0; }

    std::shared_ptr<PluginHostLink> live_link(pb_error* error, const std::string& what) {
        std::lock_guard lock(restart_mutex_);
        if (link_ && !link_->ended()) return link_;
        if (link_) {  // ended between calls
            link_.reset();
            ++failures_in_row_;
            last_failure_ = std::chrono::steady_clock::now();
        }
        if (failures_in_row_ > 0) {
            const auto until = last_failure_ + restart_delay();
            while (std::chrono::steady_clock::now() < until) {
                if (cancelled()) {
                    wire::fill_wire_error(error, PB_ERR_CANCELLED,
                                          label() + ": cancelled while waiting to restart the plugin host");
                    return nullptr;
                }
                std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
                    until - std::chrono::steady_clock::now(), std::chrono::milliseconds(20)));
            }
        }
        auto link = start_child(error, what);
        if (!link) {
            ++failures_in_row_;
            last_failure_ = std::chrono::steady_clock::now();
            return nullptr;
        }
        if (starts_ > 0)
            log_line(LogLevel::warn, connection_,
                     "plugin host restarted (pid " + std::to_string(link->pid()) + ", restart " +
                         std::to_string(starts_) + ")");
        ++starts_;
        link_ = link;
        return link_;
    }

    // Starts a child, checks it serves this plugin, creates the instance.
    std::shared_ptr<PluginHostLink> start_child(pb_error* error, const std::string& what) {
        if (settings_.program.empty()) {
            wire::fill_wire_error(error, PB_ERR_UNAVAILABLE,
                                  label() + ": photobridge-plugin-host was not found next to the program "
                                            "(set PHOTOBRIDGE_PLUGIN_HOST to its path)");
            return nullptr;
        }
        std::error_code ec;
        if (!std::filesystem::is_regular_file(settings_.program, ec)) {
            wire::fill_wire_error(error, PB_ERR_UNAVAILABLE,
                                  label() + ": the plugin host program " + settings_.program.string() + " is not found");
            return nullptr;
        }
        std::shared_ptr<PluginHostLink> link;
        try {
            link = std::make_shared<PluginHostLink>(
                start_plugin_host(settings_.program, arguments_, settings_.memory_limit_mb), host_);
        } catch (const std::exception& e) {
            wire::fill_wire_error(error, PB_ERR_UNAVAILABLE,
                                  label() + ": cannot start " + settings_.program.string() + ": " + e.what());
            return nullptr;
        }
        std::string failure;
        auto description = link->call(MessageType::describe, {}, settings_.call_deadline, failure);
        if (!description) {
            wire::fill_wire_error(error, PB_ERR_UNAVAILABLE,
                                  unavailable_message(link->pid(), failure, "describe (before " + what + ")"));
            return nullptr;
        }
        try {
            wire::PieceReader in(description->payload);
            const std::int32_t status = in.i32();
            const std::string_view id = in.bytes();
            in.bytes();  // name
            in.bytes();  // version
            const std::string_view message = in.bytes();
            if (status != PB_OK || id != plugin_id_) {
                const std::string why = status != PB_OK ? std::string(message)
                                                        : "it loaded plugin '" + std::string(id) + "' instead";
                wire::fill_wire_error(error, PB_ERR_UNAVAILABLE, label() + ": the plugin host cannot serve it: " + why);
                link->kill_child("was refused");
                return nullptr;
            }
        } catch (const wire::WireError& e) {
            link->kill_child("sent a malformed description and was killed");
            wire::fill_wire_error(error, PB_ERR_UNAVAILABLE,
                                  label() + ": the plugin host sent a malformed description (" + e.what + ")");
            return nullptr;
        }
        std::string payload;
        wire::PieceWriter(payload).bytes(config_);
        auto created = link->call(MessageType::create, std::move(payload), settings_.call_deadline, failure);
        if (!created) {
            wire::fill_wire_error(error, PB_ERR_UNAVAILABLE, unavailable_message(link->pid(), failure, "create"));
            return nullptr;
        }
        try {
            wire::PieceReader in(created->payload);
            const std::int32_t status = in.i32();
            in.bytes();
            in.bytes();
            wire::read_error(in, error);
            if (status != PB_OK) {
                if (error != nullptr && error->struct_size >= sizeof(pb_error)) error->code = status;
                return nullptr;  // the plugin refused its config: its own error
            }
        } catch (const wire::WireError& e) {
            link->kill_child("sent a malformed answer and was killed");
            wire::fill_wire_error(error, PB_ERR_UNAVAILABLE,
                                  label() + ": the plugin host sent a malformed answer to create (" + e.what + ")");
            return nullptr;
        }
        return link;
    }

    const std::string plugin_id_;
    const std::string connection_;
    IsolationSettings settings_;
    const std::size_t max_json_;
    const std::size_t max_output_;
    const pb_host* const host_;
    const std::string config_;  // holds secrets: never logged, never in a message
    std::vector<std::string> arguments_;

    CallGate gate_;
    std::mutex restart_mutex_;  // guards what follows; held while a child starts
    std::shared_ptr<PluginHostLink> link_;
    int failures_in_row_ = 0;
    std::chrono::steady_clock::time_point last_failure_{};
    int starts_ = 0;
};

IsolatedInstance& self_of(pb_instance* instance) { return *reinterpret_cast<IsolatedInstance*>(instance); }

std::string_view view(const char* text) { return text != nullptr ? std::string_view(text) : std::string_view(); }
std::string_view view(const char* data, std::size_t size) {
    return data != nullptr ? std::string_view(data, size) : std::string_view();
}
std::string_view view(pb_bytes bytes) {
    return bytes.data != nullptr ? std::string_view(reinterpret_cast<const char*>(bytes.data), bytes.size)
                                 : std::string_view();
}

// Every proxy: no exception crosses the C boundary.
template <typename Body>
std::int32_t contained(pb_error* error, Body&& body) noexcept {
    try {
        return body();
    } catch (const std::exception& e) {
        wire::fill_wire_error(error, PB_ERR_INTERNAL, std::string("process isolation: ") + e.what());
    } catch (...) {
        wire::fill_wire_error(error, PB_ERR_INTERNAL, "process isolation: unknown failure");
    }
    return PB_ERR_INTERNAL;
}

void proxy_destroy(pb_instance* instance) { delete &self_of(instance); }

std::int32_t proxy_invoke(pb_instance* instance, const char* operation, const char* request_json,
                          std::size_t request_len, pb_bytes input, pb_sink* response_json, pb_sink* output,
                          pb_error* error) {
    return contained(error, [&] {
        auto& self = self_of(instance);
        std::string payload;
        wire::PieceWriter(payload)
            .bytes(view(operation))
            .bytes(view(request_json, request_len))
            .bytes(view(input))
            .u64(self.max_json())
            .u64(self.max_output())
            .u8(output != nullptr ? 1 : 0);
        return self.call_for_result(MessageType::invoke, std::move(payload),
                                    "invoke '" + std::string(view(operation)) + "'", response_json, output, error);
    });
}

std::int32_t proxy_verify(pb_instance* instance, const char* token, pb_bytes body, std::int32_t leeway_seconds,
                          pb_sink* verdict_json, pb_error* error) {
    return contained(error, [&] {
        auto& self = self_of(instance);
        std::string payload;
        wire::PieceWriter(payload).bytes(view(token)).bytes(view(body)).i32(leeway_seconds).u64(self.max_json());
        return self.call_for_result(MessageType::verify_webhook, std::move(payload), "verify_webhook", verdict_json,
                                    nullptr, error);
    });
}

std::int32_t proxy_download(pb_instance* instance, const char* url, const char* variant, pb_sink* result_json,
                            pb_sink* bytes, pb_error* error) {
    return contained(error, [&] {
        auto& self = self_of(instance);
        std::string payload;
        wire::PieceWriter(payload).bytes(view(url)).bytes(view(variant)).u64(self.max_json()).u64(self.max_output());
        return self.call_for_result(MessageType::download_media, std::move(payload), "download_media", result_json,
                                    bytes, error);
    });
}

std::int32_t proxy_can_find(pb_instance* instance, const char* action, const char* input_json, std::size_t input_len) {
    pb_error error = sdk::make_error_struct();
    const std::int32_t answer = contained(&error, [&] {
        auto& self = self_of(instance);
        std::string payload;
        wire::PieceWriter(payload).bytes(view(action)).bytes(view(input_json, input_len));
        Frame frame;
        if (self.call(MessageType::can_find_write, std::move(payload), "can_find", frame, &error) != PB_OK) return 0;
        wire::PieceReader in(frame.payload);
        return in.i32() == 1 ? 1 : 0;
    });
    return answer == 1 ? 1 : 0;
}

std::int32_t proxy_find(pb_instance* instance, const char* action, const char* input_json, std::size_t input_len,
                        const char* cursor, pb_sink* result_json, pb_error* error) {
    return contained(error, [&] {
        auto& self = self_of(instance);
        std::string payload;
        wire::PieceWriter(payload)
            .bytes(view(action))
            .bytes(view(input_json, input_len))
            .u8(cursor != nullptr ? 1 : 0)
            .bytes(view(cursor))
            .u64(self.max_json());
        return self.call_for_result(MessageType::find_write, std::move(payload), "find", result_json, nullptr, error);
    });
}

std::int32_t proxy_check(pb_instance* instance, const char* operation, const char* input_json, std::size_t input_len,
                         const char* handle_json, std::size_t handle_len, pb_sink* answer_json, pb_sink* bytes,
                         pb_error* error) {
    return contained(error, [&] {
        auto& self = self_of(instance);
        std::string payload;
        wire::PieceWriter(payload)
            .bytes(view(operation))
            .bytes(view(input_json, input_len))
            .u8(handle_json != nullptr ? 1 : 0)
            .bytes(view(handle_json, handle_len))
            .u64(self.max_json())
            .u64(self.max_output());
        return self.call_for_result(MessageType::check_step, std::move(payload),
                                    "check '" + std::string(view(operation)) + "'", answer_json, bytes, error);
    });
}

const pb_plugin_descriptor kIsolatedDescriptor = [] {
    pb_plugin_descriptor d{};
    d.magic = PB_PLUGIN_MAGIC;
    d.abi_major = PB_ABI_MAJOR;
    d.abi_minor = PB_ABI_MINOR;
    d.struct_size = sizeof d;
    d.id = "isolated";
    d.name = "a plugin in photobridge-plugin-host";
    d.version = "0";
    d.manifest_json = "{}";
    d.create = nullptr;  // create_isolated_instance
    d.destroy = &proxy_destroy;
    d.invoke = &proxy_invoke;
    d.get_extension = nullptr;
    return d;
}();

const pb_ext_webhook_verifier kVerifierProxy{sizeof(pb_ext_webhook_verifier), "", &proxy_verify};
const pb_ext_media_download kDownloadProxy{sizeof(pb_ext_media_download), &proxy_download};
const pb_ext_sink_lookup kLookupProxy{sizeof(pb_ext_sink_lookup), &proxy_can_find, &proxy_find};
const pb_ext_step_check kCheckProxy{sizeof(pb_ext_step_check), &proxy_check};

}  // namespace

IsolatedCalls isolated_calls(const LoadedPlugin& plugin) noexcept {
    IsolatedCalls calls;
    calls.descriptor = &kIsolatedDescriptor;
    const PluginExtensions& offered = plugin.extensions;
    calls.extensions.webhook_verifier = offered.webhook_verifier != nullptr ? &kVerifierProxy : nullptr;
    calls.extensions.media_download = offered.media_download != nullptr ? &kDownloadProxy : nullptr;
    calls.extensions.sink_lookup = offered.sink_lookup != nullptr ? &kLookupProxy : nullptr;
    calls.extensions.step_check = offered.step_check != nullptr ? &kCheckProxy : nullptr;
    // The factory extension is used when loading, never on an instance: the
    // child loads a factory-made plugin through the factory itself.
    calls.extensions.plugin_factory = nullptr;
    return calls;
}

pb_instance* create_isolated_instance(const LoadedPlugin& plugin, const IsolationSettings& settings,
                                      std::string_view connection, std::size_t max_response_json_bytes,
                                      std::size_t max_output_bytes, const pb_host* host, std::string_view config_json,
                                      pb_error* error) noexcept {
    try {
        auto instance = std::make_unique<IsolatedInstance>(plugin, settings, connection, max_response_json_bytes,
                                                           max_output_bytes, host, config_json);
        if (!instance->start(error)) return nullptr;
        return reinterpret_cast<pb_instance*>(instance.release());
    } catch (const std::exception& e) {
        wire::fill_wire_error(error, PB_ERR_INTERNAL, std::string("process isolation: ") + e.what());
    } catch (...) {
        wire::fill_wire_error(error, PB_ERR_INTERNAL, "process isolation: unknown failure");
    }
    return nullptr;
}

}  // namespace photobridge::host
