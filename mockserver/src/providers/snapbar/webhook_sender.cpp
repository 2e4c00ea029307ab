#include "webhook_sender.hpp"

#include "framework/error_bodies.hpp"
#include "framework/loopback_host.hpp"
#include "webhook_event.hpp"
#include "webhook_token.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <chrono>
#include <set>

namespace photobridge::mock {
namespace json = boost::json;
namespace urls = boost::urls;
namespace {

constexpr const char* kJson = "application/json";
constexpr const char* kTokenHeader = "X-Authenticity-Token";
constexpr std::int64_t kDefaultLifetimeS = 300;
constexpr std::int64_t kMinLifetimeS = -86400;   // negative: an already expired token, for rejection tests
constexpr std::int64_t kMaxLifetimeS = 7 * 86400;
constexpr std::time_t kClientTimeoutS = 5;

void reply(httplib::Response& res, int status, const json::value& body) {
    res.status = status;
    res.set_content(json::serialize(body), kJson);
}

void refuse(httplib::Response& res, int status, std::string_view error, const std::string& message) {
    res.status = status;
    res.set_content(simple_error_body(error, message), kJson);
}

// The parsed request body; `problem` set when it is unusable.
struct WebhookRequest {
    std::string target;
    std::string host;  // loopback, without IPv6 brackets
    int port = 80;
    std::string path_and_query;  // "/hooks/NAME?x=y", at least "/"
    std::string secret;
    std::optional<std::string> submission_id;
    std::string topic = "SUBMISSION_COMPLETE";
    bool id_only = false;
    std::int64_t lifetime_s = kDefaultLifetimeS;
    std::string problem;
};

const std::set<std::string, std::less<>> kKeys = {"target", "secret", "submission_id", "topic", "payload", "exp_s"};

std::optional<std::string> optional_string(const json::object& body, std::string_view key, std::string& problem) {
    const auto* v = body.if_contains(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_string() || v->get_string().empty()) {
        problem = std::string(key) + " must be a non-empty string";
        return std::nullopt;
    }
    return std::string(v->get_string());
}

void read_target(const std::string& target, WebhookRequest& out) {
    auto parsed = urls::parse_uri(target);
    if (!parsed) {
        out.problem = "target is not a URL: " + parsed.error().message();
        return;
    }
    const urls::url_view url = *parsed;
    if (url.scheme() != "http") {
        out.problem = "target must be an http:// URL (the mock sends webhooks to loopback receivers only)";
        return;
    }
    std::string host = url.host_type() == urls::host_type::ipv6 ? std::string(url.host_ipv6_address().to_string())
                                                                : std::string(url.host());
    if (!is_loopback_host(host)) {
        out.problem = "target host '" + std::string(url.host()) +
                      "' is not a loopback address: the mock only sends webhooks to 127.0.0.1, ::1 or localhost";
        return;
    }
    if (url.has_port()) {
        if (url.port_number() == 0) {
            out.problem = "target port must be 1 to 65535";
            return;
        }
        out.port = url.port_number();
    }
    out.host = std::move(host);
    out.path_and_query = url.encoded_path().empty() ? std::string("/") : std::string(url.encoded_path());
    if (url.has_query()) {
        out.path_and_query.push_back('?');
        out.path_and_query.append(url.encoded_query().data(), url.encoded_query().size());
    }
    out.target = target;
}

WebhookRequest read_request(const std::string& text) {
    WebhookRequest out;
    json::error_code ec;
    json::value doc = json::parse(text, ec);
    if (ec || !doc.is_object()) {
        out.problem = "the body must be a JSON object with at least target and secret";
        return out;
    }
    const json::object& body = doc.get_object();
    for (const auto& [key, _] : body)
        if (kKeys.count(std::string_view(key)) == 0) {
            out.problem = "unknown key '" + std::string(key) +
                          "' (known: target, secret, submission_id, topic, payload, exp_s)";
            return out;
        }
    const auto target = optional_string(body, "target", out.problem);
    if (!out.problem.empty()) return out;
    if (!target) {
        out.problem = "target is required (http://127.0.0.1:PORT/hooks/NAME)";
        return out;
    }
    read_target(*target, out);
    if (!out.problem.empty()) return out;
    const auto secret = optional_string(body, "secret", out.problem);
    if (!out.problem.empty()) return out;
    if (!secret) {
        out.problem = "secret is required (the webhook secret the token is signed with)";
        return out;
    }
    out.secret = *secret;
    out.submission_id = optional_string(body, "submission_id", out.problem);
    if (!out.problem.empty()) return out;
    if (auto topic = optional_string(body, "topic", out.problem)) out.topic = *topic;
    if (!out.problem.empty()) return out;
    if (auto payload = optional_string(body, "payload", out.problem)) {
        if (*payload != "full" && *payload != "id_only") out.problem = "payload must be \"full\" or \"id_only\"";
        out.id_only = *payload == "id_only";
    }
    if (!out.problem.empty()) return out;
    if (const auto* exp = body.if_contains("exp_s"); exp != nullptr && !exp->is_null()) {
        if (!exp->is_int64() || exp->get_int64() < kMinLifetimeS || exp->get_int64() > kMaxLifetimeS)
            out.problem = "exp_s must be an integer from " + std::to_string(kMinLifetimeS) + " to " +
                          std::to_string(kMaxLifetimeS) + " (seconds the token stays valid)";
        else
            out.lifetime_s = exp->get_int64();
    }
    return out;
}

std::int64_t unix_now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::int64_t unix_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

void handle_snapbar_webhook_request(ServerState& state, const httplib::Request& req, httplib::Response& res) {
    const WebhookRequest request = read_request(req.body);
    if (!request.problem.empty()) return refuse(res, 400, "invalid_webhook_request", request.problem);

    const WebhookSubmission found = find_webhook_submission(state, request.submission_id);
    if (!found.submission) return refuse(res, found.status, found.error, found.message);
    const json::value event = snapbar_event_body(request.topic, *found.submission, request.id_only);
    const std::string body = json::serialize(event);
    const std::string token = sign_hs256_jwt(webhook_claims(unix_now_s(), request.lifetime_s), request.secret);

    httplib::Client client(request.host, request.port);
    client.set_tcp_nodelay(true);
    client.set_connection_timeout(kClientTimeoutS);
    client.set_read_timeout(kClientTimeoutS);
    client.set_write_timeout(kClientTimeoutS);
    const httplib::Headers headers{{kTokenHeader, token}};
    const httplib::Result answer = client.Post(request.path_and_query.c_str(), headers, body, kJson);

    // The outgoing delivery is journaled (the token redacted), so a test can
    // see what the mock sent, like any request it served.
    JournalEntry entry;
    entry.time_unix_ms = unix_now_ms();
    entry.method = "POST";
    entry.path = request.path_and_query;
    entry.headers = {{"content-type", kJson}, {"x-authenticity-token", "[REDACTED]"}};
    entry.body_size = body.size();
    entry.provider = "snapbar";
    entry.matched = "admin:webhooks/snapbar";
    entry.status = answer ? answer->status : 0;
    state.journal.record(std::move(entry));

    const json::value* id = found.submission->is_object() ? found.submission->get_object().if_contains("id") : nullptr;
    const json::value submission_id = id ? *id : json::value(nullptr);
    if (!answer) {
        json::object out{{"error", "target_unreachable"},
                         {"message", "POST " + request.target + " failed: " + httplib::to_string(answer.error())},
                         {"delivered", false},
                         {"submission_id", submission_id},
                         {"event", event}};
        return reply(res, 502, out);
    }
    json::object out{{"delivered", true},
                     {"status", answer->status},
                     {"response", answer->body},
                     {"submission_id", submission_id},
                     {"event", event}};
    reply(res, 200, out);
}

}  // namespace photobridge::mock
