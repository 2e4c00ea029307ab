#include "host/plugin_instance.hpp"

#include "host/http_observer.hpp"
#include "host/logger.hpp"
#include "host/plugin_extensions.hpp"

#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/sinks.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace photobridge::host {
namespace {

// Reads a fixed char buffer that a plugin filled, without trusting it to be
// NUL-terminated.
std::string bounded(const char* buffer, std::size_t capacity) {
    return std::string(buffer, strnlen(buffer, capacity));
}

const PluginInstance& self_of(const pb_host* host) { return *static_cast<const PluginInstance*>(host->host_data); }

HttpExchange describe(const pb_http_request& request, const SecretRedactor& redactor) {
    HttpExchange exchange;
    exchange.method = request.method ? request.method : "";
    exchange.url = redactor.redact(request.url ? request.url : "");
    for (std::size_t i = 0; i < request.header_count && request.headers != nullptr; ++i) {
        const pb_header& h = request.headers[i];
        const std::string name = h.name ? h.name : "";
        exchange.headers.emplace_back(name, SecretRedactor::is_credential_header(name)
                                                ? std::string(SecretRedactor::kMask)
                                                : redactor.redact(h.value ? h.value : ""));
    }
    exchange.body_bytes = 0;
    for (const pb_bytes& range : request_body_ranges(request)) exchange.body_bytes += range.size;
    return exchange;
}

}  // namespace

PluginInstance::PluginInstance(LoadedPluginPtr plugin, const boost::json::object& config, InstanceOptions options)
    : plugin_(std::move(plugin)), options_(std::move(options)) {
    if (options_.connection.empty()) options_.connection = plugin_->id;
    if (!options_.http) options_.http = std::make_shared<HttpService>();
    for (const auto& key : plugin_->manifest->secret_config_keys())
        if (const auto* v = config.if_contains(key); v != nullptr && v->is_string())
            redactor_.add(std::string(v->get_string()));

    table_.struct_size = sizeof(pb_host);
    table_.abi_major = PB_ABI_MAJOR;
    table_.abi_minor = PB_ABI_MINOR;
    table_.host_data = this;
    table_.log = &PluginInstance::host_log;
    table_.http = &PluginInstance::host_http;
    table_.is_cancelled = &PluginInstance::host_is_cancelled;
    table_.get_extension = &PluginInstance::host_get_extension;

    const std::string text = boost::json::serialize(config);
    pb_error error = sdk::make_error_struct();
    if (options_.isolation) {
        const IsolatedCalls isolated = isolated_calls(*plugin_);
        calls_ = isolated.descriptor;
        extensions_ = isolated.extensions;
        handle_ = create_isolated_instance(*plugin_, *options_.isolation, options_.connection,
                                           options_.max_response_json_bytes, options_.max_output_bytes, &table_,
                                           text, &error);
    } else {
        calls_ = plugin_->descriptor;
        extensions_ = plugin_->extensions;
        handle_ = plugin_->made_by != nullptr
                      ? plugin_->made_by->create(plugin_->descriptor, &table_, text.data(), text.size(), &error)
                      : plugin_->descriptor->create(&table_, text.data(), text.size(), &error);
    }
    if (handle_ == nullptr) {
        if (error.code == PB_OK) error.code = PB_ERR_INTERNAL;
        InvokeError e = error_from(error.code, error);
        throw InvokeError(e.code(), plugin_->id + ": cannot create instance: " + e.what(), e.http_status(),
                          e.provider_code(), e.retry_after_ms());
    }
}

PluginInstance::~PluginInstance() {
    if (handle_ != nullptr) calls_->destroy(handle_);
}

InvokeTextResult PluginInstance::invoke_text(std::string_view operation, std::string_view request_json,
                                             std::string_view input_bytes) const {
    // Operation names are short: a small-string copy gives the NUL the ABI needs.
    const std::string op(operation);
    sdk::StringSink json_sink(options_.max_response_json_bytes);
    sdk::StringSink output_sink(options_.max_output_bytes);
    pb_error error = sdk::make_error_struct();
    const pb_bytes input{reinterpret_cast<const std::uint8_t*>(input_bytes.data()), input_bytes.size()};
    const std::int32_t rc = calls_->invoke(handle_, op.c_str(), request_json.data(), request_json.size(),
                                                        input, json_sink.get(), output_sink.get(), &error);
    if (rc != PB_OK) throw error_from(rc, error);
    return InvokeTextResult{json_sink.take(), output_sink.take()};
}

InvokeResult PluginInstance::invoke(std::string_view operation, const boost::json::value& request,
                                    std::string_view input_bytes) const {
    return parsed(operation, invoke_text(operation, boost::json::serialize(request), input_bytes));
}

InvokeResult PluginInstance::parsed(std::string_view operation, InvokeTextResult text) const {
    InvokeResult result;
    if (text.json_text.empty()) {
        result.json = boost::json::object();
    } else {
        boost::system::error_code ec;
        result.json = boost::json::parse(text.json_text, ec);
        if (ec)
            throw InvokeError(PB_ERR_PROTOCOL, plugin_->id + "." + std::string(operation) +
                                                   ": plugin returned invalid JSON: " + ec.message());
    }
    result.bytes = std::move(text.bytes);
    return result;
}

InvokeResult PluginInstance::verify_webhook(std::string_view token, std::string_view body,
                                            std::int32_t leeway_seconds) const {
    const pb_ext_webhook_verifier* ext = extensions_.webhook_verifier;
    if (ext == nullptr) {
        boost::json::object input{{"token", token}, {"leeway_seconds", leeway_seconds}};
        if (!body.empty()) input["body"] = body;  // none: the plugin's payload is null
        return invoke("verify_webhook", input);
    }
    const std::string token_text(token);
    sdk::StringSink verdict(options_.max_response_json_bytes);
    pb_error error = sdk::make_error_struct();
    const pb_bytes body_bytes{reinterpret_cast<const std::uint8_t*>(body.data()), body.size()};
    const std::int32_t rc = ext->verify(handle_, token_text.c_str(), body_bytes, leeway_seconds, verdict.get(), &error);
    if (rc != PB_OK) throw error_from(rc, error);
    return parsed("verify_webhook", InvokeTextResult{verdict.take(), {}});
}

InvokeResult PluginInstance::download_media(std::string_view url, std::string_view variant) const {
    const pb_ext_media_download* ext = extensions_.media_download;
    if (ext == nullptr) return invoke("download_media", boost::json::object{{"url", url}, {"variant", variant}});
    const std::string url_text(url), variant_text(variant);
    sdk::StringSink json_sink(options_.max_response_json_bytes);
    sdk::StringSink bytes_sink(options_.max_output_bytes);
    pb_error error = sdk::make_error_struct();
    const std::int32_t rc =
        ext->download(handle_, url_text.c_str(), variant_text.c_str(), json_sink.get(), bytes_sink.get(), &error);
    if (rc != PB_OK) throw error_from(rc, error);
    return parsed("download_media", InvokeTextResult{json_sink.take(), bytes_sink.take()});
}

bool PluginInstance::can_find_write(std::string_view action, const boost::json::object& input) const noexcept {
    try {
        const std::string action_text(action);
        const std::string text = boost::json::serialize(input);
        return extensions_.sink_lookup->can_find(handle_, action_text.c_str(), text.data(), text.size()) == 1;
    } catch (...) {
        return false;  // out of memory: treated as not looked up (at least once)
    }
}

WriteLookupPage PluginInstance::find_write(std::string_view action, const boost::json::object& input,
                                           const std::optional<std::string>& cursor) const {
    const std::string action_text(action);
    const std::string text = boost::json::serialize(input);
    sdk::StringSink json_sink(options_.max_response_json_bytes);
    pb_error error = sdk::make_error_struct();
    const std::int32_t rc = extensions_.sink_lookup->find(handle_, action_text.c_str(), text.data(),
                                                                  text.size(), cursor ? cursor->c_str() : nullptr,
                                                                  json_sink.get(), &error);
    if (rc != PB_OK) throw error_from(rc, error);
    const std::string what = plugin_->id + "." + action_text + " lookup";
    const InvokeResult answer = parsed(what, InvokeTextResult{json_sink.take(), {}});
    const auto* object = answer.json.if_object();
    const auto* found = object != nullptr ? object->if_contains("found") : nullptr;
    if (found == nullptr || !found->is_bool())
        throw InvokeError(PB_ERR_PROTOCOL, what + ": the answer has no boolean \"found\"");
    const auto text_member = [&](const char* key) -> std::optional<std::string> {
        const auto* v = object->if_contains(key);
        if (v == nullptr || v->is_null()) return std::nullopt;
        if (!v->is_string()) throw InvokeError(PB_ERR_PROTOCOL, what + ": \"" + key + "\" must be a string");
        return std::string(v->get_string());
    };
    WriteLookupPage page;
    page.found = found->get_bool();
    if (page.found) page.id = text_member("id").value_or("");
    else page.next_cursor = text_member("next_cursor");
    return page;
}

StepCheckAnswer PluginInstance::check(std::string_view operation, const boost::json::object& input,
                                      std::string_view handle_json) const {
    const pb_ext_step_check* ext = extensions_.step_check;
    const std::string operation_text(operation);
    if (ext == nullptr) throw InvokeError(PB_ERR_UNSUPPORTED, plugin_->id + " offers no step checks");
    const std::string text = boost::json::serialize(input);
    sdk::StringSink json_sink(options_.max_response_json_bytes);
    sdk::StringSink bytes_sink(options_.max_output_bytes);
    pb_error error = sdk::make_error_struct();
    const std::int32_t rc = ext->check(handle_, operation_text.c_str(), text.data(), text.size(),
                                       handle_json.empty() ? nullptr : handle_json.data(), handle_json.size(),
                                       json_sink.get(), bytes_sink.get(), &error);
    if (rc != PB_OK) throw error_from(rc, error);
    const std::string what = plugin_->id + "." + operation_text + " check";
    InvokeResult answer = parsed(what, InvokeTextResult{json_sink.take(), {}});
    auto* object = answer.json.if_object();
    const auto text_member = [&](const char* key) -> std::string {
        const auto* v = object->if_contains(key);
        if (v == nullptr || v->is_null()) return {};
        if (!v->is_string()) throw InvokeError(PB_ERR_PROTOCOL, what + ": \"" + key + "\" must be a string");
        return std::string(v->get_string());
    };
    const auto* state = object != nullptr ? object->if_contains("state") : nullptr;
    if (state == nullptr || !state->is_string())
        throw InvokeError(PB_ERR_PROTOCOL, what + ": the answer has no \"state\" string");
    StepCheckAnswer out;
    const std::string_view name = state->get_string();
    if (name == "done") {
        out.state = StepCheckAnswer::State::done;
        auto* result = object->if_contains("result");
        out.result.json = result != nullptr ? std::move(*result) : boost::json::value(boost::json::object());
        out.result.bytes = bytes_sink.take();
    } else if (name == "pending") {
        out.state = StepCheckAnswer::State::pending;
        const auto* after = object->if_contains("check_after_ms");
        if (after == nullptr || !after->is_number())
            throw InvokeError(PB_ERR_PROTOCOL, what + ": a pending answer needs a number \"check_after_ms\"");
        boost::system::error_code ec;
        const double ms = after->to_number<double>(ec);
        out.check_after_ms = ec || !(ms > 0) ? 0 : static_cast<std::int64_t>(std::min(ms, 8.64e10));
        const auto* handle = object->if_contains("handle");
        out.handle_json = handle != nullptr ? boost::json::serialize(*handle) : "null";
    } else if (name == "failed" || name == "expired") {
        out.state = name == "failed" ? StepCheckAnswer::State::failed : StepCheckAnswer::State::expired;
        out.message = redactor_.redact(text_member("message"));
        out.provider_code = redactor_.redact(text_member("provider_code"));
    } else {
        throw InvokeError(PB_ERR_PROTOCOL, what + ": unknown state \"" + std::string(name) + "\"");
    }
    out.status = redactor_.redact(text_member("status"));
    out.id = text_member("id");
    return out;
}

InvokeError PluginInstance::error_from(std::int32_t code, const pb_error& error) const {
    // A rate limit with a reset time holds the whole connection back, not
    // only the caller that met it.
    if (code == PB_ERR_RATE_LIMITED && error.retry_after_ms > 0 && options_.gate)
        options_.gate->pause_for(std::chrono::milliseconds(error.retry_after_ms));
    std::string message = bounded(error.message, sizeof error.message);
    if (message.empty()) message = sdk::status_name(code);
    if (error.truncated) message += " [message truncated]";
    return InvokeError(code, redactor_.redact(message), error.http_status,
                       redactor_.redact(bounded(error.provider_code, sizeof error.provider_code)),
                       error.retry_after_ms);
}

void PluginInstance::host_log(const pb_host* host, std::int32_t level, const char* message) {
    if (host == nullptr || message == nullptr) return;
    const PluginInstance& self = self_of(host);
    const int clamped = level < PB_LOG_DEBUG ? PB_LOG_DEBUG : (level > PB_LOG_ERROR ? PB_LOG_ERROR : level);
    try {
        log_line(static_cast<LogLevel>(clamped), self.options_.connection, self.redactor_.redact(message));
    } catch (...) {
        // Logging must never unwind into the plugin.
    }
}

std::int32_t PluginInstance::host_http(const pb_host* host, const pb_http_request* request,
                                       pb_http_response* response, pb_error* error) {
    if (host == nullptr || request == nullptr || response == nullptr) return PB_ERR_INVALID_ARGUMENT;
    const PluginInstance& self = self_of(host);
    try {
        if (self.options_.gate && !self.options_.gate->acquire()) {
            sdk::fill_error(error, PB_ERR_CANCELLED, "http: cancelled while waiting for the rate limit");
            return PB_ERR_CANCELLED;
        }
        self.http_requests_.fetch_add(1, std::memory_order_relaxed);
        const auto started = std::chrono::steady_clock::now();
        const std::int32_t rc = self.options_.http->perform(*request, *response, error, self.options_.cancel.get());
        if (auto observer = http_observer()) observer->on_http_response(self.plugin_->id, rc == PB_OK ? response->status : 0, rc);
        if (self.options_.on_http_exchange) {
            HttpExchange exchange = describe(*request, self.redactor_);
            exchange.http_status = rc == PB_OK ? response->status : 0;
            exchange.transport_status = rc;
            exchange.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
            self.options_.on_http_exchange(exchange);
        }
        if (rc != PB_OK && error != nullptr && error->struct_size >= sizeof(pb_error)) {
            // The URL may carry a secret (e.g. a signed query): scrub before the plugin sees it.
            sdk::copy_truncated(error->message, sizeof error->message,
                                self.redactor_.redact(bounded(error->message, sizeof error->message)));
        }
        return rc;
    } catch (const std::exception& e) {
        sdk::fill_error(error, PB_ERR_INTERNAL, std::string("http: ") + e.what());
        return PB_ERR_INTERNAL;
    } catch (...) {
        sdk::fill_error(error, PB_ERR_INTERNAL, "http: unknown failure");
        return PB_ERR_INTERNAL;
    }
}

std::int32_t PluginInstance::host_is_cancelled(const pb_host* host) {
    if (host == nullptr) return 0;
    const auto& cancel = self_of(host).options_.cancel;
    return cancel && cancel->cancelled() ? 1 : 0;
}

const void* PluginInstance::host_get_extension(const pb_host*, const char* id) {
    return id == nullptr ? nullptr : host_extension(id);
}

}  // namespace photobridge::host
