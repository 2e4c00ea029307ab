// The plugin's view of the host: logging, cancellation and HTTP, wrapping the
// pb_host service table with C++ types. Cheap to copy (one pointer).
#pragma once

#include <photobridge/plugin.h>
#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/json_access.hpp>
#include <photobridge/sdk/sinks.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace photobridge::sdk {

using Headers = std::vector<std::pair<std::string, std::string>>;

inline bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// A Content-Length value as a number: digits only, no sign or space;
// nullopt for anything else.
inline std::optional<std::size_t> parse_content_length(std::string_view value) noexcept {
    std::size_t length = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
    return length;
}

// The first header named `name` (case-insensitive), if any.
inline std::optional<std::string> find_header(const Headers& headers, std::string_view name) {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return std::nullopt;
}

// Sets `name: value`, replacing every header of that name (case-insensitive).
inline void set_header(Headers& headers, std::string_view name, std::string value) {
    std::erase_if(headers, [&](const auto& h) { return iequals(h.first, name); });
    headers.emplace_back(std::string(name), std::move(value));
}

struct HttpRequest {
    std::string method = "GET";
    std::string url;           // absolute and already encoded (see url.hpp)
    Headers headers;
    std::string body;          // bytes
    std::uint32_t timeout_ms = 0;  // 0: the host's default
    // More of the body, sent in order after `body` without being copied
    // into one buffer (to a host of ABI 1.3 and later; joined for an older
    // one). Borrowed: each must stay alive and unchanged until send()
    // returns. Multipart::finish_pieces makes them for an upload.
    std::vector<std::string_view> body_pieces;
};

struct HttpResponse {
    int status = 0;
    Headers headers;
    std::string body;

    // The first header with this name (case-insensitive), if any.
    std::optional<std::string> header(std::string_view name) const { return find_header(headers, name); }

    // The body parsed as JSON; PB_ERR_PROTOCOL naming `where` when it is not.
    boost::json::value json(std::string_view where) const {
        boost::system::error_code ec;
        boost::json::value v = boost::json::parse(body, ec);
        if (ec) {
            std::string snippet = body.substr(0, 80);
            throw protocol_error(std::string(where) + ": response is not valid JSON (" + ec.message() + "): " +
                                 snippet);
        }
        return v;
    }
};

enum class LogLevel : std::int32_t { debug = PB_LOG_DEBUG, info = PB_LOG_INFO, warn = PB_LOG_WARN, error = PB_LOG_ERROR };

class Host {
public:
    Host() = default;
    explicit Host(const pb_host* raw) noexcept : raw_(raw) {}

    const pb_host* raw() const noexcept { return raw_; }

    void log(LogLevel level, const std::string& message) const noexcept {
        if (raw_ != nullptr && raw_->log != nullptr) raw_->log(raw_, static_cast<std::int32_t>(level), message.c_str());
    }

    bool cancelled() const noexcept {
        return raw_ != nullptr && raw_->is_cancelled != nullptr && raw_->is_cancelled(raw_) != 0;
    }

    // Throws Error(PB_ERR_CANCELLED) when the host asked to stop.
    void check_cancelled() const {
        if (cancelled()) throw Error(PB_ERR_CANCELLED, "cancelled by the host");
    }

    // A host extension by id, or nullptr.
    const void* extension(const char* id) const noexcept {
        if (raw_ == nullptr || raw_->struct_size < offsetof(pb_host, get_extension) + sizeof(void*) ||
            raw_->get_extension == nullptr)
            return nullptr;
        return raw_->get_extension(raw_, id);
    }

    // Where a response's body goes, chosen from its status when its first
    // byte arrives: a sink of the caller's, which then receives the body as
    // it comes (HttpResponse::body stays empty), or nullptr to keep it in
    // HttpResponse::body. The status is 0 when the host delivers it only
    // after the body (hosts before ABI 1.3): keep such a body.
    using BodyRoute = std::function<pb_sink*(int status)>;

    // Sends one request through the host. Returns the response whatever its
    // status; throws Error for transport failures (timeout, network,
    // cancelled, too large; a body the routed sink refused is too large).
    // [any-thread]
    HttpResponse send(const HttpRequest& request, const BodyRoute& route = {}) const {
        if (raw_ == nullptr || raw_->http == nullptr) throw Error(PB_ERR_INTERNAL, "host offers no HTTP service");
        std::vector<pb_header> headers;
        headers.reserve(request.headers.size());
        for (const auto& [k, v] : request.headers) headers.push_back({k.c_str(), v.c_str()});

        pb_http_request req{};
        req.struct_size = sizeof req;
        req.method = request.method.c_str();
        req.url = request.url.c_str();
        req.headers = headers.data();
        req.header_count = headers.size();
        req.timeout_ms = request.timeout_ms;
        std::vector<pb_bytes> pieces;
        std::string joined;  // the whole body, for a host before ABI 1.3
        const std::string* body_text = &request.body;
        if (!request.body_pieces.empty()) {
            if (raw_->abi_major == PB_ABI_MAJOR && raw_->abi_minor >= 3) {
                pieces.reserve(request.body_pieces.size());
                for (const std::string_view piece : request.body_pieces)
                    pieces.push_back({reinterpret_cast<const std::uint8_t*>(piece.data()), piece.size()});
                req.body_pieces = pieces.data();
                req.body_piece_count = pieces.size();
            } else {
                joined = request.body;
                for (const std::string_view piece : request.body_pieces) joined.append(piece);
                body_text = &joined;
            }
        }
        req.body = {reinterpret_cast<const std::uint8_t*>(body_text->data()), body_text->size()};

        HttpResponse response;
        StringSink body;
        pb_http_response resp{};
        // A 1.3 host delivers the status and headers before the first byte
        // of the body (plugin.h, pb_http_response): at that byte the body's
        // place is chosen (`route`) and sized once from its Content-Length.
        // An older host delivers them after the body: status 0 at the first
        // byte, so the body stays in HttpResponse::body, grown as it comes.
        struct Received {
            Headers* headers;
            StringSink* body;
            const pb_http_response* response;
            const BodyRoute* route;
            std::optional<std::size_t> announced;
            bool placed = false;
            pb_sink* routed = nullptr;
        } received{&response.headers, &body, &resp, &route, std::nullopt};
        pb_header_sink header_sink{};
        header_sink.struct_size = sizeof header_sink;
        header_sink.ctx = &received;
        header_sink.add = [](pb_header_sink* sink, const char* name, std::size_t name_len, const char* value,
                             std::size_t value_len) {
            auto* into = static_cast<Received*>(sink->ctx);
            try {
                into->headers->emplace_back(std::string(name, name_len), std::string(value, value_len));
            } catch (...) {
                // Out of memory for one header: drop it rather than unwind through C.
            }
            if (iequals(std::string_view(name, name_len), "Content-Length"))
                into->announced = parse_content_length(std::string_view(value, value_len));
        };
        pb_sink body_sink{};
        body_sink.struct_size = sizeof body_sink;
        body_sink.ctx = &received;
        body_sink.write = [](pb_sink* sink, const void* data, std::size_t size) -> int {
            auto* into = static_cast<Received*>(sink->ctx);
            if (!into->placed) {
                into->placed = true;
                try {
                    if (*into->route) into->routed = (*into->route)(into->response->status);
                } catch (...) {
                    return 1;  // the route failed: refuse, the call ends PB_ERR_TOO_LARGE
                }
                if (into->announced) {
                    if (into->routed != nullptr) reserve_in_sink(into->routed, *into->announced);
                    else into->body->reserve(*into->announced);
                }
            }
            pb_sink* target = into->routed != nullptr ? into->routed : into->body->get();
            return target->write(target, data, size);
        };
        resp.struct_size = sizeof resp;
        resp.headers = &header_sink;
        resp.body = &body_sink;

        pb_error err = make_error_struct();
        const std::int32_t rc = raw_->http(raw_, &req, &resp, &err);
        if (rc != PB_OK) {
            throw Error(static_cast<pb_status>(rc), err.message[0] ? std::string(err.message) : std::string(status_name(rc)),
                        err.http_status, err.provider_code, err.retry_after_ms);
        }
        if (body.overflowed()) throw Error(PB_ERR_TOO_LARGE, "response body too large for the plugin");
        response.status = resp.status;
        response.body = body.take();
        return response;
    }

private:
    const pb_host* raw_ = nullptr;
};

}  // namespace photobridge::sdk
