// Writing a plugin in C++: derive from sdk::Plugin, register operations and
// streams in the constructor, export with PHOTOBRIDGE_PLUGIN. The SDK does
// the C ABI: it parses and validates requests against the manifest, applies
// defaults, catches every exception at the boundary and fills pb_error.
//
// Extensions (photobridge/ext/*.h) come from public member functions of the
// plugin class, found at compile time (see VerifiesWebhooks, DownloadsMedia
// and FindsWrites below). The SDK offers the extension table and also serves
// the first two as the ABI 1.0 operations ("verify_webhook",
// "download_media"), so hosts of either minor and `photobridge call` reach
// them. A sink lookup has no 1.0 operation form: on a 1.0 host (none ships)
// such writes are at least once.
#pragma once

#include <photobridge/ext/media_download.h>
#include <photobridge/ext/plugin_factory.h>
#include <photobridge/ext/sink_lookup.h>
#include <photobridge/ext/webhook_verifier.h>
#include <photobridge/plugin.h>
#include <photobridge/ext/step_check.h>
#include <photobridge/sdk/call.hpp>
#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/host.hpp>
#include <photobridge/sdk/manifest.hpp>
#include <photobridge/sdk/schema.hpp>
#include <photobridge/sdk/sinks.hpp>
#include <photobridge/sdk/step_check.hpp>

#include <boost/json.hpp>

#include <concepts>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>

namespace photobridge::sdk {

// One page request of a stream.
struct StreamCall {
    const boost::json::object& params;       // validated, defaults applied
    std::optional<std::string> cursor;       // the previous page's next_cursor; nullopt on the first page
    std::optional<std::int64_t> page_size;   // as the caller asked; nullopt: the provider's default
    const Host& host;
    std::optional<PageSize> sizes;           // the stream's manifest "page_size"; nullopt when it declares none

    // The page size to request: page_size clamped to [1, sizes->maximum],
    // sizes->default_size when the caller asked for none. Throws
    // Error(PB_ERR_INTERNAL) when the stream's manifest entry has no page_size.
    std::int64_t page_size_or_default() const {
        if (!sizes) throw Error(PB_ERR_INTERNAL, "this stream declares no page_size in the plugin's manifest");
        return sizes->pick(page_size);
    }
};

// One page of a stream. `records` are canonical records (records.hpp);
// `next_cursor` is opaque to the host and nullopt on the last page.
struct Page {
    boost::json::array records;
    std::optional<std::string> next_cursor;
    std::optional<std::int64_t> total;  // when the provider reports it

    boost::json::value to_json() const& { return Page(*this).to_json_moved(); }
    // Moves the records out instead of copying them (the SDK's own path: a
    // page of hundreds of records is handed over once).
    boost::json::value to_json() && { return to_json_moved(); }

private:
    boost::json::value to_json_moved() {
        return boost::json::object{{"records", std::move(records)},
                                   {"next_cursor", next_cursor ? boost::json::value(*next_cursor) : nullptr},
                                   {"total", total ? boost::json::value(*total) : nullptr}};
    }
};

// A raw operation sees the request as JSON text and writes its own JSON text:
// no parsing, no manifest validation. For pass-through and hot paths only;
// the handler must validate what it reads and write valid JSON.
struct RawCall {
    std::string_view request_json;
    std::string_view bytes;
    const Host& host;
};

// Where a raw operation writes. Both writers append; a refused write throws
// Error(PB_ERR_TOO_LARGE).
class RawOutput {
public:
    RawOutput(pb_sink* json, pb_sink* bytes) noexcept : json_(json), bytes_(bytes) {}
    void write_json(std::string_view text) const {
        if (!write_to_sink(json_, text.data(), text.size())) throw Error(PB_ERR_TOO_LARGE, "response JSON refused by the host's sink");
    }
    void write_bytes(std::string_view data) const {
        if (!write_to_sink(bytes_, data.data(), data.size())) throw Error(PB_ERR_TOO_LARGE, "output bytes refused by the host's sink");
    }

private:
    pb_sink* json_;
    pb_sink* bytes_;
};

// Base of every SDK plugin instance. Construction registers handlers; after
// that the instance is read-only, which makes concurrent invoke() safe as
// long as the handlers themselves only read instance state.
class Plugin {
public:
    using OperationHandler = std::function<Result(const Call&)>;
    using StreamHandler = std::function<Page(const StreamCall&)>;
    using RawHandler = std::function<void(const RawCall&, const RawOutput&)>;

    explicit Plugin(Host host) : host_(host) {}
    virtual ~Plugin() = default;
    Plugin(const Plugin&) = delete;
    Plugin& operator=(const Plugin&) = delete;

    const Host& host() const noexcept { return host_; }
    const OperationHandler* find_operation(std::string_view name) const {
        auto it = operations_.find(name);
        return it == operations_.end() ? nullptr : &it->second;
    }
    const RawHandler* find_raw_operation(std::string_view name) const {
        auto it = raw_operations_.find(name);
        return it == raw_operations_.end() ? nullptr : &it->second;
    }
    const StreamHandler* find_stream(std::string_view name) const {
        auto it = streams_.find(name);
        return it == streams_.end() ? nullptr : &it->second;
    }
    const CheckHandler* find_check(std::string_view name) const {
        auto it = checks_.find(name);
        return it == checks_.end() ? nullptr : &it->second;
    }

protected:
    void operation(std::string name, OperationHandler handler) { operations_.emplace(std::move(name), std::move(handler)); }
    void stream(std::string name, StreamHandler handler) { streams_.emplace(std::move(name), std::move(handler)); }
    void raw_operation(std::string name, RawHandler handler) { raw_operations_.emplace(std::move(name), std::move(handler)); }
    // An operation that waits for something at the provider, written as a
    // check (step_check.hpp): served to hosts that park waiting records
    // through the step-check extension, and as the blocking operation
    // `name` (wait_by_checks) to everyone else. Its manifest entry says
    // "check": true.
    void check_operation(std::string name, CheckHandler handler) {
        const auto& stored = checks_.emplace(name, std::move(handler)).first->second;
        operation(std::move(name), [&stored](const Call& call) { return wait_by_checks(call, stored); });
    }

private:
    Host host_;
    std::map<std::string, OperationHandler, std::less<>> operations_;
    std::map<std::string, StreamHandler, std::less<>> streams_;
    std::map<std::string, RawHandler, std::less<>> raw_operations_;
    std::map<std::string, CheckHandler, std::less<>> checks_;
};

// A plugin class that verifies its provider's webhooks: it has
//   static constexpr const char* kWebhookTokenHeader = "X-...";  // where the token is
//   sdk::Result verify_webhook(const sdk::Call&) const;
// The call's input is {"token", "body" (absent without a body),
// "leeway_seconds"}, validated against the manifest's "verify_webhook"
// operation when it declares one; the result is the verdict of
// ext/webhook_verifier.h ({"valid", "reason", "payload", ...}).
template <typename T>
concept VerifiesWebhooks = requires(const T& plugin, const Call& call) {
    { plugin.verify_webhook(call) } -> std::same_as<Result>;
    { T::kWebhookTokenHeader } -> std::convertible_to<const char*>;
};

// A plugin class that downloads its records' media: it has
//   sdk::Result download_media(const sdk::Call&) const;
// The call's input is {"url", "variant"}, validated against the manifest's
// "download_media" operation when it declares one; the result is
// {"content_type", ...} JSON and the media bytes (media_download.hpp's
// sdk::download_media does all of it for a plugin with an ApiClient).
template <typename T>
concept DownloadsMedia = requires(const T& plugin, const Call& call) {
    { plugin.download_media(call) } -> std::same_as<Result>;
};

// One call of a sink lookup (ext/sink_lookup.h): the write's input and
// where the previous call stopped.
struct LookupCall {
    const boost::json::object& input;   // validated against the action's input, defaults applied
    std::optional<std::string> cursor;  // the previous call's next_cursor; nullopt on the first call
    const Host& host;
    const Manifest* manifest = nullptr;  // the plugin's own manifest; never null from the SDK
};

// What one call of a sink lookup found: the write (and the provider's id of
// what it made, "" when none), or not on this page and where to look next,
// or nothing at all.
struct FoundWrite {
    bool found = false;
    std::string id;
    std::optional<std::string> next_cursor;  // only when !found

    static FoundWrite at(std::string id) { return FoundWrite{true, std::move(id), std::nullopt}; }
    static FoundWrite nothing() { return {}; }
    static FoundWrite look_further(std::string next_cursor) {
        return FoundWrite{false, {}, std::move(next_cursor)};
    }
};

// A plugin class whose sink actions can be looked up after an interrupted
// write: it has
//   bool can_find_write(std::string_view action, const boost::json::object& input) const;
//   sdk::FoundWrite find_write(std::string_view action, const sdk::LookupCall& call) const;
// Both get the write's input with the manifest's defaults applied and
// validated against the action's input schema (an input that fails it
// cannot be looked up). can_find_write is pure (no I/O): true when `action`
// has a lookup and `input` holds what the provider can be searched by.
// find_write is only called when can_find_write said true; it reads one
// page of the provider's answer per call (the host retries each page on its
// own and calls again with next_cursor).
template <typename T>
concept FindsWrites = requires(const T& plugin, std::string_view action, const boost::json::object& input,
                               const LookupCall& call) {
    { plugin.can_find_write(action, input) } -> std::same_as<bool>;
    { plugin.find_write(action, call) } -> std::same_as<FoundWrite>;
};

// A plugin class that makes other plugins from definition files
// (ext/plugin_factory.h; the declarative plugin): it has
//   static const pb_ext_plugin_factory* plugin_factory() noexcept;
// returning a static table, which the SDK offers as the extension.
template <typename T>
concept MakesPlugins = requires {
    { T::plugin_factory() } -> std::same_as<const pb_ext_plugin_factory*>;
};

// The lowest host ABI minor an SDK plugin needs. Everything of 1.1 that the
// SDK uses is optional to the host (extensions it asks for, whose members
// are also served as 1.0 operations), so 1.0 hosts load SDK plugins too.
inline constexpr std::uint16_t kRequiredHostMinor = 0;

namespace detail {

// An operation the SDK serves from a plugin class member (an extension's
// 1.0 operation form); `plugin` is the instance's object, of class T.
using MemberOperation = Result (*)(const Plugin& plugin, const Call& call);

// Static information about one plugin class, built once per library.
struct PluginInfo {
    pb_plugin_descriptor descriptor{};
    std::unique_ptr<Manifest> manifest;  // null when the manifest text is invalid
    std::string manifest_problem;
    std::map<std::string, MemberOperation, std::less<>> member_operations;
};

// An instance as the host holds it: the plugin object plus what the
// trampolines need.
struct InstanceBox {
    const PluginInfo* info;
    std::unique_ptr<Plugin> plugin;
};

// Runs `body`, converting any exception into a status and a pb_error.
template <typename Body>
std::int32_t guarded(pb_error* error, Body&& body) noexcept {
    try {
        body();
        return PB_OK;
    } catch (const Error& e) {
        fill_error(error, e);
        return e.status();
    } catch (const std::bad_alloc&) {
        fill_error(error, PB_ERR_INTERNAL, "out of memory (std::bad_alloc)");
        return PB_ERR_INTERNAL;
    } catch (const std::exception& e) {
        // what() may itself throw only in pathological types; stay noexcept.
        fill_error(error, PB_ERR_INTERNAL, std::string_view(e.what()));
        return PB_ERR_INTERNAL;
    } catch (...) {
        fill_error(error, PB_ERR_INTERNAL, "unknown exception (not derived from std::exception)");
        return PB_ERR_INTERNAL;
    }
}

inline boost::json::object parse_object(const char* text, std::size_t len, std::string_view what) {
    if (text == nullptr || len == 0) return {};
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(std::string_view(text, len), ec);
    if (ec) throw invalid_argument(std::string(what) + " is not valid JSON: " + ec.message());
    if (!v.is_object()) throw invalid_argument(std::string(what) + " must be a JSON object");
    return std::move(v.get_object());
}

inline void validate_or_throw(const boost::json::value& value, const boost::json::value& schema, const std::string& path) {
    auto issues = schema::validate(value, schema, path);
    if (!issues.empty()) throw invalid_argument(schema::describe(issues));
}

inline void write_json(pb_sink* sink, const boost::json::value& v) {
    const std::string text = boost::json::serialize(v);
    if (!write_to_sink(sink, text.data(), text.size())) throw Error(PB_ERR_TOO_LARGE, "response JSON refused by the host's sink");
}

template <typename T>
pb_instance* create(const PluginInfo& info, const pb_host* host, const char* config_json, std::size_t config_len,
                    pb_error* error) noexcept {
    InstanceBox* box = nullptr;
    const std::int32_t rc = guarded(error, [&] {
        if (!info.manifest) throw Error(PB_ERR_INTERNAL, "plugin manifest is invalid: " + info.manifest_problem);
        boost::json::object config = parse_object(config_json, config_len, "config");
        schema::apply_defaults(config, info.manifest->config_schema());
        validate_or_throw(config, info.manifest->config_schema(), "config");
        auto plugin = std::make_unique<T>(Host(host), static_cast<const boost::json::object&>(config));
        box = new InstanceBox{&info, std::move(plugin)};
    });
    return rc == PB_OK ? reinterpret_cast<pb_instance*>(box) : nullptr;
}

// Runs one operation handler: validates `request` against the manifest's
// entry for `name` (defaults applied), then writes the result to the sinks.
// Applies the defaults of the manifest's entry for operation `name` to
// `request` and validates it; throws invalid_argument when it fails. An
// operation the manifest does not list is passed through unchanged.
inline void prepare_request(const InstanceBox& box, std::string_view name, boost::json::object& request) {
    if (const auto* entry = box.info->manifest->operation(name)) {
        const auto& schema = Manifest::schema_of(*entry, "input");
        schema::apply_defaults(request, schema);
        validate_or_throw(request, schema, "input");
    }
}

template <typename Handler>
void run_operation(const InstanceBox& box, std::string_view name, boost::json::object& request,
                   std::string_view bytes, Handler&& handler, pb_sink* response_json, pb_sink* output) {
    prepare_request(box, name, request);
    const Result result = handler(Call{request, bytes, box.plugin->host(), box.info->manifest.get(), output});
    write_json(response_json, result.json);
    if (!result.bytes.empty() && !write_to_sink(output, result.bytes.data(), result.bytes.size()))
        throw Error(PB_ERR_TOO_LARGE, "output bytes refused by the host's sink");
}

template <typename T>
const T& plugin_of(const InstanceBox& box) {
    return static_cast<const T&>(*box.plugin);
}

inline const InstanceBox& box_of(pb_instance* instance) {
    if (instance == nullptr) throw invalid_argument("extension call without an instance");
    return *reinterpret_cast<const InstanceBox*>(instance);
}

template <VerifiesWebhooks T>
std::int32_t verify_webhook_trampoline(pb_instance* instance, const char* token, pb_bytes body,
                                       std::int32_t leeway_seconds, pb_sink* verdict_json, pb_error* error) noexcept {
    return guarded(error, [&] {
        const InstanceBox& box = box_of(instance);
        if (token == nullptr) throw invalid_argument("verify_webhook: null token");
        boost::json::object input{{"token", token}, {"leeway_seconds", leeway_seconds}};
        if (body.data != nullptr && body.size > 0)
            input["body"] = std::string_view(reinterpret_cast<const char*>(body.data), body.size);
        run_operation(box, "verify_webhook", input, {},
                      [&](const Call& call) { return plugin_of<T>(box).verify_webhook(call); }, verdict_json, nullptr);
    });
}

template <DownloadsMedia T>
std::int32_t download_media_trampoline(pb_instance* instance, const char* url, const char* variant,
                                       pb_sink* result_json, pb_sink* bytes, pb_error* error) noexcept {
    return guarded(error, [&] {
        const InstanceBox& box = box_of(instance);
        if (url == nullptr) throw invalid_argument("download_media: null url");
        boost::json::object input{{"url", url}};
        if (variant != nullptr && *variant != '\0') input["variant"] = variant;
        run_operation(box, "download_media", input, {},
                      [&](const Call& call) { return plugin_of<T>(box).download_media(call); }, result_json, bytes);
    });
}

template <FindsWrites T>
std::int32_t can_find_trampoline(pb_instance* instance, const char* action, const char* input_json,
                                 std::size_t input_len) noexcept {
    try {
        const InstanceBox& box = box_of(instance);
        if (action == nullptr) return 0;
        boost::json::object input = parse_object(input_json, input_len, "input");
        prepare_request(box, action, input);
        return plugin_of<T>(box).can_find_write(action, input) ? 1 : 0;
    } catch (...) {
        return 0;  // a malformed input cannot be looked up
    }
}

template <FindsWrites T>
std::int32_t find_trampoline(pb_instance* instance, const char* action, const char* input_json, std::size_t input_len,
                             const char* cursor, pb_sink* result_json, pb_error* error) noexcept {
    return guarded(error, [&] {
        const InstanceBox& box = box_of(instance);
        if (action == nullptr) throw invalid_argument("find: null action");
        boost::json::object input = parse_object(input_json, input_len, "input");
        prepare_request(box, action, input);
        const T& plugin = plugin_of<T>(box);
        if (!plugin.can_find_write(action, input))
            throw Error(PB_ERR_UNSUPPORTED, std::string(action) + ": this write cannot be looked up");
        std::optional<std::string> from;
        if (cursor != nullptr) from.emplace(cursor);
        const FoundWrite found =
            plugin.find_write(action, LookupCall{input, std::move(from), box.plugin->host(), box.info->manifest.get()});
        boost::json::object out{{"found", found.found}};
        if (found.found && !found.id.empty()) out["id"] = found.id;
        if (!found.found && found.next_cursor) out["next_cursor"] = *found.next_cursor;
        write_json(result_json, out);
    });
}

// ext/step_check.h: one look at what `operation` waits for. Served for
// every SDK plugin; an operation registered without check_operation() is
// PB_ERR_UNSUPPORTED.
inline std::int32_t check_trampoline(pb_instance* instance, const char* operation, const char* input_json,
                                     std::size_t input_len, const char* handle_json, std::size_t handle_len,
                                     pb_sink* answer_json, pb_sink* bytes, pb_error* error) noexcept {
    return guarded(error, [&] {
        const InstanceBox& box = box_of(instance);
        if (operation == nullptr) throw invalid_argument("check: null operation");
        const CheckHandler* check = box.plugin->find_check(operation);
        if (check == nullptr)
            throw Error(PB_ERR_UNSUPPORTED, "operation '" + std::string(operation) + "' cannot be checked");
        boost::json::object input = parse_object(input_json, input_len, "input");
        prepare_request(box, operation, input);
        boost::json::value handle;
        if (handle_json != nullptr && handle_len > 0) {
            boost::system::error_code ec;
            handle = boost::json::parse(std::string_view(handle_json, handle_len), ec);
            if (ec) throw invalid_argument("check: the handle is not valid JSON: " + ec.message());
        }
        CheckAnswer answer = (*check)(Call{input, {}, box.plugin->host(), box.info->manifest.get()}, handle);
        write_json(answer_json, answer.to_json());
        if (answer.state == CheckAnswer::State::done && !answer.result.bytes.empty() &&
            !write_to_sink(bytes, answer.result.bytes.data(), answer.result.bytes.size()))
            throw Error(PB_ERR_TOO_LARGE, "output bytes refused by the host's sink");
    });
}

// pb_plugin_descriptor.get_extension of plugin class T: the tables of the
// extensions T's members provide, static, nullptr for any other id.
template <typename T>
const void* get_extension(const char* id) noexcept {
    if (id == nullptr) return nullptr;
    const std::string_view wanted(id);
    if constexpr (VerifiesWebhooks<T>) {
        static const pb_ext_webhook_verifier table{sizeof(pb_ext_webhook_verifier), T::kWebhookTokenHeader,
                                                   &verify_webhook_trampoline<T>};
        if (wanted == PB_EXT_WEBHOOK_VERIFIER) return &table;
    }
    if constexpr (DownloadsMedia<T>) {
        static const pb_ext_media_download table{sizeof(pb_ext_media_download), &download_media_trampoline<T>};
        if (wanted == PB_EXT_MEDIA_DOWNLOAD) return &table;
    }
    if constexpr (FindsWrites<T>) {
        static const pb_ext_sink_lookup table{sizeof(pb_ext_sink_lookup), &can_find_trampoline<T>,
                                              &find_trampoline<T>};
        if (wanted == PB_EXT_SINK_LOOKUP) return &table;
    }
    if constexpr (MakesPlugins<T>) {
        if (wanted == PB_EXT_PLUGIN_FACTORY) return T::plugin_factory();
    }
    static const pb_ext_step_check check_table{sizeof(pb_ext_step_check), &check_trampoline};
    if (wanted == PB_EXT_STEP_CHECK) return &check_table;
    return nullptr;
}

// The 1.0 operation forms of T's extensions.
template <typename T>
std::map<std::string, MemberOperation, std::less<>> member_operations_of() {
    std::map<std::string, MemberOperation, std::less<>> ops;
    if constexpr (VerifiesWebhooks<T>)
        ops.emplace("verify_webhook",
                    [](const Plugin& p, const Call& c) { return static_cast<const T&>(p).verify_webhook(c); });
    if constexpr (DownloadsMedia<T>)
        ops.emplace("download_media",
                    [](const Plugin& p, const Call& c) { return static_cast<const T&>(p).download_media(c); });
    return ops;
}

inline void destroy(pb_instance* instance) noexcept {
    // A destructor that throws would terminate; plugin destructors are noexcept by default.
    delete reinterpret_cast<InstanceBox*>(instance);
}

inline std::int32_t invoke(pb_instance* instance, const char* operation, const char* request_json,
                           std::size_t request_len, pb_bytes input, pb_sink* response_json, pb_sink* output,
                           pb_error* error) noexcept {
    return guarded(error, [&] {
        if (instance == nullptr || operation == nullptr) throw invalid_argument("invoke: null instance or operation");
        const auto* box = reinterpret_cast<const InstanceBox*>(instance);
        const Plugin& plugin = *box->plugin;
        const Manifest& manifest = *box->info->manifest;
        const std::string_view name(operation);
        if (const auto* raw = plugin.find_raw_operation(name)) {
            const std::string_view bytes(reinterpret_cast<const char*>(input.data), input.data ? input.size : 0);
            (*raw)(RawCall{std::string_view(request_json ? request_json : "", request_json ? request_len : 0), bytes,
                           plugin.host()},
                   RawOutput(response_json, output));
            return;
        }
        boost::json::object request = parse_object(request_json, request_len, "request");

        if (const auto* handler = plugin.find_stream(name)) {
            // A stream request has three members; anything else is a mistake
            // (e.g. a param put beside "params" instead of inside it).
            for (const auto& [key, _] : request)
                if (key != "params" && key != "cursor" && key != "page_size")
                    throw invalid_argument("request." + std::string(key) +
                                           " is not a member of a stream request (params, cursor, page_size); "
                                           "stream parameters go inside \"params\"");
            boost::json::object params;
            if (const auto* p = request.if_contains("params")) {
                if (!p->is_object()) throw invalid_argument("request.params must be a JSON object");
                params = p->get_object();
            }
            std::optional<std::string> cursor;
            if (const auto* c = request.if_contains("cursor"); c && !c->is_null()) {
                if (!c->is_string()) throw invalid_argument("request.cursor must be a string or null");
                cursor = std::string(c->get_string());
            }
            std::optional<std::int64_t> page_size;
            if (const auto* s = request.if_contains("page_size"); s && !s->is_null()) {
                if (!s->is_int64() || s->get_int64() <= 0) throw invalid_argument("request.page_size must be a positive integer");
                page_size = s->get_int64();
            }
            if (const auto* entry = manifest.stream(name)) {
                const auto& schema = Manifest::schema_of(*entry, "params");
                schema::apply_defaults(params, schema);
                validate_or_throw(params, schema, "params");
            }
            Page page = (*handler)(
                StreamCall{params, std::move(cursor), page_size, plugin.host(), manifest.page_size(name)});
            write_json(response_json, std::move(page).to_json());
            return;
        }
        const std::string_view bytes(reinterpret_cast<const char*>(input.data), input.data ? input.size : 0);
        if (const auto* handler = plugin.find_operation(name))
            return run_operation(*box, name, request, bytes, *handler, response_json, output);
        if (auto it = box->info->member_operations.find(name); it != box->info->member_operations.end())
            return run_operation(
                *box, name, request, bytes, [&](const Call& call) { return it->second(plugin, call); }, response_json,
                output);
        throw Error(PB_ERR_UNSUPPORTED, "unknown operation or stream '" + std::string(name) + "'");
    });
}

// The one PluginInfo of plugin class T, set by entry<T>() before any create.
template <typename T>
inline const PluginInfo* g_info = nullptr;

template <typename T>
pb_instance* create_trampoline(const pb_host* host, const char* config, std::size_t len, pb_error* error) noexcept {
    return create<T>(*g_info<T>, host, config, len, error);
}

template <typename T>
const pb_plugin_descriptor* entry(std::uint16_t host_major, std::uint16_t host_minor, const char* id, const char* name,
                                  const char* version, const char* manifest_json) noexcept {
    // The difference in int: a plain `host_minor < 0` would warn as always false.
    const int minor_gap = static_cast<int>(host_minor) - static_cast<int>(kRequiredHostMinor);
    if (host_major != PB_ABI_MAJOR || minor_gap < 0) return nullptr;
    try {
        // Built once, thread-safely, on the first call; static afterwards.
        static const PluginInfo info = [&] {
            PluginInfo i;
            try {
                i.manifest = std::make_unique<Manifest>(manifest_json);
            } catch (const std::exception& e) {
                i.manifest_problem = e.what();
            }
            pb_plugin_descriptor& d = i.descriptor;
            d.magic = PB_PLUGIN_MAGIC;
            d.abi_major = PB_ABI_MAJOR;
            d.abi_minor = kRequiredHostMinor;
            d.struct_size = sizeof(pb_plugin_descriptor);
            d.id = id;
            d.name = name;
            d.version = version;
            d.manifest_json = manifest_json;
            d.create = &create_trampoline<T>;
            d.destroy = &destroy;
            d.invoke = &invoke;
            d.get_extension = &get_extension<T>;
            i.member_operations = member_operations_of<T>();
            return i;
        }();
        static const bool published = (g_info<T> = &info, true);
        (void)published;
        return &info.descriptor;
    } catch (...) {
        return nullptr;
    }
}

}  // namespace detail
}  // namespace photobridge::sdk

// Exports `Class` (derived from photobridge::sdk::Plugin, constructible from
// (photobridge::sdk::Host, const boost::json::object& config)) as the plugin
// of this shared library. Use once per library, at namespace scope.
#define PHOTOBRIDGE_PLUGIN(Class, ID, NAME, VERSION, MANIFEST_JSON)                                        \
    extern "C" PB_EXPORT const pb_plugin_descriptor* photobridge_plugin_entry(std::uint16_t host_major,    \
                                                                              std::uint16_t host_minor) { \
        return ::photobridge::sdk::detail::entry<Class>(host_major, host_minor, ID, NAME, VERSION,         \
                                                        MANIFEST_JSON);                                  \
    }
