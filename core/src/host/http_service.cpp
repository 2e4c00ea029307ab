#include "host/http_service.hpp"

#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/host.hpp>
#include <photobridge/sdk/sinks.hpp>

#include <boost/url.hpp>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace photobridge::host {
namespace {

using sdk::fill_error;

// A request body in pieces (ABI 1.3) below this size is sent as one range.
constexpr std::size_t kJoinBodiesBelow = 64 * 1024;

void set_timeout(httplib::Client& client, std::uint32_t timeout_ms, std::uint32_t connect_ms) {
    const auto split = [](std::uint32_t ms) { return std::pair<time_t, time_t>(ms / 1000, (ms % 1000) * 1000); };
    const auto [cs, cus] = split(std::min(timeout_ms, connect_ms));
    const auto [rs, rus] = split(timeout_ms);
    client.set_connection_timeout(cs, cus);
    client.set_read_timeout(rs, rus);
    client.set_write_timeout(rs, rus);
}

}  // namespace

std::vector<pb_bytes> request_body_ranges(const pb_http_request& request) {
    std::vector<pb_bytes> ranges;
    const auto add = [&ranges](const pb_bytes& range) {
        if (range.size > 0 && range.data != nullptr) ranges.push_back(range);
    };
    add(request.body);
    if (request.struct_size >= offsetof(pb_http_request, body_piece_count) + sizeof request.body_piece_count &&
        request.body_pieces != nullptr)
        for (std::size_t i = 0; i < request.body_piece_count; ++i) add(request.body_pieces[i]);
    return ranges;
}

std::string join_ranges(const std::vector<pb_bytes>& ranges) {
    std::size_t size = 0;
    for (const pb_bytes& range : ranges) size += range.size;
    std::string joined;
    joined.reserve(size);
    for (const pb_bytes& range : ranges) joined.append(reinterpret_cast<const char*>(range.data), range.size);
    return joined;
}

HttpService::HttpService(HttpServiceOptions options) : options_(std::move(options)) {}

HttpService::~HttpService() = default;

httplib::Client& HttpService::client_for(const std::string& origin) const {
    std::lock_guard lock(mutex_);
    auto& slot = clients_[std::this_thread::get_id()][origin];
    if (!slot) {
        slot = std::make_unique<httplib::Client>(origin);
        slot->set_keep_alive(true);
        slot->set_tcp_nodelay(true);
        slot->set_follow_location(false);
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        slot->enable_server_certificate_verification(true);
        if (std::error_code ec; std::filesystem::exists(options_.ca_bundle, ec)) slot->set_ca_cert_path(options_.ca_bundle);
#endif
    }
    return *slot;
}

std::int32_t HttpService::perform(const pb_http_request& request, pb_http_response& response, pb_error* error,
                                  const CancellationToken* cancel) const {
    if (request.struct_size < offsetof(pb_http_request, body_pieces) || request.method == nullptr ||
        request.url == nullptr) {
        fill_error(error, PB_ERR_INVALID_ARGUMENT, "http: malformed request struct");
        return PB_ERR_INVALID_ARGUMENT;
    }
    if (cancel != nullptr && cancel->cancelled()) {
        fill_error(error, PB_ERR_CANCELLED, "http: cancelled before sending");
        return PB_ERR_CANCELLED;
    }
    const auto parsed = boost::urls::parse_absolute_uri(request.url);
    if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") || !parsed->has_authority()) {
        fill_error(error, PB_ERR_INVALID_ARGUMENT, std::string("http: not an absolute http(s) URL: ") + request.url);
        return PB_ERR_INVALID_ARGUMENT;
    }
    std::string origin = std::string(parsed->scheme()) + "://" + std::string(parsed->encoded_host_and_port());
    std::string target = std::string(parsed->encoded_path());
    if (target.empty()) target = "/";
    if (parsed->has_query()) target += "?" + std::string(parsed->encoded_query());

    const std::uint32_t timeout_ms = request.timeout_ms != 0 ? request.timeout_ms : options_.default_timeout_ms;
    httplib::Client& client = client_for(origin);
    set_timeout(client, timeout_ms, options_.connect_timeout_ms);

    httplib::Request req;
    req.method = request.method;
    req.path = std::move(target);
    std::string content_type;
    for (std::size_t i = 0; i < request.header_count; ++i) {
        const pb_header& h = request.headers[i];
        if (h.name == nullptr || h.value == nullptr) continue;
        if (sdk::iequals(h.name, "content-type")) content_type = h.value;
        req.headers.emplace(h.name, h.value);
    }
    std::vector<pb_bytes> body = request_body_ranges(request);
    std::size_t body_size = 0;
    for (const pb_bytes& range : body) body_size += range.size;
    // Each range is one send(): a small body in pieces is joined first (a
    // copy of a few KB costs less than a syscall and a packet per piece:
    // measured +16% CPU a record on the small-photo sync without this).
    std::string joined;
    if (body.size() > 1 && body_size <= kJoinBodiesBelow) {
        joined = join_ranges(body);
        body.assign(1, pb_bytes{reinterpret_cast<const std::uint8_t*>(joined.data()), joined.size()});
    }
    if (body_size > 0) {
        // The body is sent from the caller's buffers, borrowed for this whole
        // call, not copied into req.body: httplib would copy it once there
        // and once more into the request it keeps for redirects (a photo
        // upload held four times at once). httplib 0.11 exposes no other
        // way to send a borrowed body through send(Request&), which we need
        // for the receiver and the progress callback. httplib asks for the
        // bytes from `offset` on until it has them all; each call writes
        // (part of) the range holding `offset`.
        req.content_length_ = body_size;
        req.content_provider_ = [&body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
            for (const pb_bytes& range : body) {
                if (offset >= range.size) {
                    offset -= range.size;
                    continue;
                }
                return sink.write(reinterpret_cast<const char*>(range.data) + offset,
                                  std::min(length, range.size - offset));
            }
            return false;
        };
        if (content_type.empty()) req.headers.emplace("Content-Type", "application/octet-stream");
    }

    std::size_t received = 0;
    bool too_large = false;
    bool sink_refused = false;
    // The status and every header reach the plugin before the first byte of
    // the body (the contract in plugin.h), so it can size its buffer once.
    // cpp-httplib calls the response handler between the headers and the
    // body; a response without a body (204, HEAD) gets them after send.
    bool head_delivered = false;
    const auto deliver_head = [&](const httplib::Response& head) {
        head_delivered = true;
        response.status = head.status;
        if (response.headers == nullptr) return;
        for (const auto& [name, value] : head.headers)
            response.headers->add(response.headers, name.data(), name.size(), value.data(), value.size());
    };
    req.response_handler = [&](const httplib::Response& head) {
        const auto announced = sdk::parse_content_length(head.get_header_value("Content-Length"));
        if (announced && *announced > options_.max_response_bytes) {
            too_large = true;  // refused before a byte of the body is read
            return false;
        }
        deliver_head(head);
        if (announced) sdk::reserve_in_sink(response.body, *announced);
        return true;
    };
    req.content_receiver = [&](const char* data, std::size_t size, std::uint64_t, std::uint64_t) {
        received += size;
        if (received > options_.max_response_bytes) {
            too_large = true;
            return false;
        }
        if (!sdk::write_to_sink(response.body, data, size)) {
            sink_refused = true;
            return false;
        }
        return true;
    };
    req.progress = [cancel](std::uint64_t, std::uint64_t) { return cancel == nullptr || !cancel->cancelled(); };

    httplib::Response res;
    httplib::Error err = httplib::Error::Success;
    const auto started = std::chrono::steady_clock::now();
    const bool ok = client.send(req, res, err);
    const auto elapsed_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();

    if (too_large || sink_refused) {
        client.stop();  // the rest of the body is unread: the connection cannot be reused
        fill_error(error, PB_ERR_TOO_LARGE,
                   too_large ? "http: response from " + origin + " exceeds the host's limit of " +
                                   std::to_string(options_.max_response_bytes) + " bytes"
                             : "http: response body refused by the plugin's sink");
        return PB_ERR_TOO_LARGE;
    }
    if (!ok) {
        if (cancel != nullptr && cancel->cancelled()) {
            fill_error(error, PB_ERR_CANCELLED, "http: cancelled while talking to " + origin);
            return PB_ERR_CANCELLED;
        }
        const bool timed_out = err == httplib::Error::ConnectionTimeout ||
                               (err == httplib::Error::Read && elapsed_ms + 50 >= static_cast<long long>(timeout_ms));
        const pb_status status = timed_out ? PB_ERR_TIMEOUT : PB_ERR_NETWORK;
        fill_error(error, status,
                   std::string("http: ") + request.method + " " + origin + req.path.substr(0, req.path.find('?')) +
                       " failed: " + httplib::to_string(err) + (timed_out ? " after " + std::to_string(elapsed_ms) + " ms" : ""));
        return status;
    }
    if (!head_delivered) deliver_head(res);
    return PB_OK;
}

}  // namespace photobridge::host
