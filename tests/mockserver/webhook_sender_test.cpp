// POST /__admin/webhooks/snapbar: the mock signs a SUBMISSION_COMPLETE event
// and POSTs it to a receiver this test runs on 127.0.0.1 port 0. The token is
// checked here with OpenSSL, independently of the mock's signing code.
#include "mock_test_support.hpp"

#include <doctest/doctest.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <mutex>
#include <thread>

namespace json = boost::json;
using namespace mocktest;

namespace {

constexpr const char* kSecret = "whsec-mock-test-91c2";

struct Received {
    std::string method, path, content_type, token, body;
};

// A loopback HTTP receiver answering every POST with `status` and `body`.
class Receiver {
public:
    explicit Receiver(int status = 200, std::string body = R"({"accepted":true})") {
        server_.Post(".*", [this, status, body](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex_);
            received_.push_back({req.method, req.path, req.get_header_value("Content-Type"),
                                 req.get_header_value("X-Authenticity-Token"), req.body});
            res.status = status;
            res.set_content(body, "application/json");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        REQUIRE(port_ > 0);
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        for (int i = 0; i < 5000 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~Receiver() {
        server_.stop();
        thread_.join();
    }
    std::string url(const std::string& path = "/hooks/accepted-to-folder") const {
        return "http://127.0.0.1:" + std::to_string(port_) + path;
    }
    std::vector<Received> received() const {
        std::lock_guard lock(mutex_);
        return received_;
    }

private:
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    mutable std::mutex mutex_;
    std::vector<Received> received_;
};

std::string b64url_decode(std::string text) {
    for (char& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (text.size() % 4 != 0) text += '=';
    std::string out(text.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    REQUIRE(n >= 0);
    std::size_t size = static_cast<std::size_t>(n);
    for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) --size;  // EVP_DecodeBlock counts padding
    out.resize(size);
    return out;
}

struct Token {
    json::value header, claims;
    bool signature_ok = false;
};

Token check_token(const std::string& token, const std::string& secret) {
    const auto dot1 = token.find('.');
    const auto dot2 = token.find('.', dot1 + 1);
    REQUIRE(dot1 != std::string::npos);
    REQUIRE(dot2 != std::string::npos);
    REQUIRE(token.find('.', dot2 + 1) == std::string::npos);
    Token out;
    out.header = json::parse(b64url_decode(token.substr(0, dot1)));
    out.claims = json::parse(b64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1)));
    const std::string input = token.substr(0, dot2);
    const std::string signature = b64url_decode(token.substr(dot2 + 1));
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
    out.signature_ok = signature.size() == len && CRYPTO_memcmp(signature.data(), mac, len) == 0;
    return out;
}

std::int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

httplib::Result send_webhook(const RunningMock& mock, const json::object& request) {
    auto c = mock.client();
    return c.Post("/__admin/webhooks/snapbar", json::serialize(request), "application/json");
}

json::value documented_submission() {
    const auto fixture = read_json(kFixturesDir + "/snapbar/get-submission.json");
    for (const auto& example : fixture.at("examples").as_array())
        if (example.at("status") == 200) return example.at("body");
    FAIL("the get-submission fixture has no 200 example");
    return nullptr;
}

}  // namespace

TEST_CASE("webhooks/snapbar sends the documented submission, signed HS256 with the secret") {
    RunningMock mock;
    Receiver receiver(202, R"({"queued":"evt-1"})");
    auto r = send_webhook(mock, {{"target", receiver.url()}, {"secret", kSecret}});
    REQUIRE(r);
    CHECK(r->status == 200);
    const auto answer = json::parse(r->body);
    CHECK(answer.at("delivered") == true);
    CHECK(answer.at("status") == 202);
    CHECK(answer.at("response") == R"({"queued":"evt-1"})");
    CHECK(answer.at("submission_id") == "64f1a2b3c4d5e6f7g8h9i0j1");

    const auto received = receiver.received();
    REQUIRE(received.size() == 1);
    CHECK(received[0].method == "POST");
    CHECK(received[0].path == "/hooks/accepted-to-folder");
    CHECK(received[0].content_type == "application/json");
    const json::value expected{{"topic", "SUBMISSION_COMPLETE"}, {"submission", documented_submission()}};
    CHECK(json::parse(received[0].body) == expected);
    CHECK(answer.at("event") == expected);

    const Token token = check_token(received[0].token, kSecret);
    CHECK(token.signature_ok);
    CHECK_FALSE(check_token(received[0].token, "another-secret").signature_ok);
    CHECK(token.header == json::parse(R"({"alg":"HS256","typ":"JWT"})"));
    const auto& claims = token.claims.as_object();
    const std::int64_t iat = claims.at("iat").as_int64();
    CHECK(std::abs(iat - now_s()) <= 5);
    CHECK(claims.at("nbf").as_int64() == iat);
    CHECK(claims.at("exp").as_int64() == iat + 300);
    CHECK(claims.at("jti").as_string().size() == 32);

    // The delivery is journaled, token redacted; neither token nor secret is kept.
    auto c = mock.client();
    const auto journal = c.Get("/__admin/requests");
    REQUIRE(journal);
    CHECK(journal->body.find(kSecret) == std::string::npos);
    CHECK(journal->body.find(received[0].token) == std::string::npos);
    const json::value journal_json = json::parse(journal->body);
    const auto& entries = journal_json.at("requests").as_array();
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].at("matched") == "admin:webhooks/snapbar");
    CHECK(entries[0].at("path") == "/hooks/accepted-to-folder");
    CHECK(entries[0].at("status") == 202);
    CHECK(entries[0].at("headers").at("x-authenticity-token") == "[REDACTED]");

    // Every delivery is a distinct event.
    REQUIRE(send_webhook(mock, {{"target", receiver.url()}, {"secret", kSecret}}));
    REQUIRE(receiver.received().size() == 2);
    CHECK(check_token(receiver.received()[1].token, kSecret).claims.at("jti") != claims.at("jti"));
}

TEST_CASE("webhooks/snapbar id_only payload, topic and token lifetime") {
    RunningMock mock;
    Receiver receiver;
    auto r = send_webhook(mock, {{"target", receiver.url("/hooks/x?attempt=1")},
                                 {"secret", "s"},
                                 {"payload", "id_only"},
                                 {"topic", "SUBMISSION_UPDATED"},
                                 {"exp_s", -60},
                                 {"submission_id", "64f1a2b3c4d5e6f7g8h9i0j1"}});
    REQUIRE(r);
    CHECK(r->status == 200);
    const auto received = receiver.received();
    REQUIRE(received.size() == 1);
    CHECK(received[0].path == "/hooks/x");
    CHECK(json::parse(received[0].body) ==
          json::parse(R"({"topic":"SUBMISSION_UPDATED","submission":{"id":"64f1a2b3c4d5e6f7g8h9i0j1"}})"));
    const Token token = check_token(received[0].token, "s");
    CHECK(token.signature_ok);
    CHECK(token.claims.at("exp").as_int64() == token.claims.at("iat").as_int64() - 60);  // already expired
}

TEST_CASE("webhooks/snapbar in dataset mode sends the dataset's submission as GET submission renders it") {
    photobridge::mock::ServerOptions o;
    o.dataset = 20;
    RunningMock mock(o);
    Receiver receiver;
    auto c = mock.client();
    const auto listing = c.Get("/snapbar/submissions?limit=3", headers_for("snapbar"));
    REQUIRE(listing);
    const json::value listing_json = json::parse(listing->body);
    const auto& submissions = listing_json.at("submissions").as_array();
    REQUIRE(submissions.size() == 3);

    // Default: the first submission listed.
    auto r = send_webhook(mock, {{"target", receiver.url()}, {"secret", kSecret}});
    REQUIRE(r);
    CHECK(r->status == 200);
    const std::string first_id(submissions[0].at("id").as_string());
    CHECK(json::parse(r->body).at("submission_id") == first_id.c_str());

    const std::string other_id(submissions[2].at("id").as_string());
    r = send_webhook(mock, {{"target", receiver.url()}, {"secret", kSecret}, {"submission_id", other_id}});
    REQUIRE(r);
    CHECK(r->status == 200);
    const auto got = c.Get(("/snapbar/submissions/" + other_id).c_str(), headers_for("snapbar"));
    REQUIRE(got);
    const auto received = receiver.received();
    REQUIRE(received.size() == 2);
    CHECK(json::parse(received[1].body).at("submission") == json::parse(got->body));
    CHECK(json::parse(received[1].body).at("submission").at("photos").as_array().size() >= 1);

    r = send_webhook(mock, {{"target", receiver.url()}, {"secret", kSecret}, {"submission_id", "nope"}});
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(json::parse(r->body).at("error") == "unknown_submission");
    CHECK(receiver.received().size() == 2);
}

TEST_CASE("webhooks/snapbar refuses non-loopback targets and bad requests with 400 and sends nothing") {
    RunningMock mock;
    Receiver receiver;
    const std::vector<json::object> bad = {
        {{"target", "http://example.com/hooks/x"}, {"secret", kSecret}},
        {{"target", "http://10.0.0.7:8080/hooks/x"}, {"secret", kSecret}},
        {{"target", "http://[2001:db8::1]:8080/hooks/x"}, {"secret", kSecret}},
        {{"target", "https://127.0.0.1/hooks/x"}, {"secret", kSecret}},
        {{"target", "not a url"}, {"secret", kSecret}},
        {{"secret", kSecret}},
        {{"target", receiver.url()}},
        {{"target", receiver.url()}, {"secret", ""}},
        {{"target", receiver.url()}, {"secret", kSecret}, {"payload", "partial"}},
        {{"target", receiver.url()}, {"secret", kSecret}, {"exp_s", "soon"}},
        {{"target", receiver.url()}, {"secret", kSecret}, {"colour", "red"}},
    };
    for (const auto& request : bad) {
        CAPTURE(json::serialize(request));
        auto r = send_webhook(mock, request);
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(json::parse(r->body).at("error") == "invalid_webhook_request");
        CHECK(r->body.find(kSecret) == std::string::npos);
    }
    auto c = mock.client();
    auto r = c.Post("/__admin/webhooks/snapbar", "{not json", "application/json");
    REQUIRE(r);
    CHECK(r->status == 400);
    // A replay mock knows only the documented submission.
    r = c.Post("/__admin/webhooks/snapbar",
               json::serialize(json::object{{"target", receiver.url()}, {"secret", kSecret}, {"submission_id", "x1"}}),
               "application/json");
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(receiver.received().empty());

    // localhost and ::1 count as loopback.
    r = send_webhook(mock, {{"target", "http://[::1]:1/hooks/x"}, {"secret", kSecret}});
    REQUIRE(r);
    CHECK(r->status != 400);
}

TEST_CASE("webhooks/snapbar answers 502 when the target is unreachable") {
    RunningMock mock;
    std::string closed_url;
    {
        Receiver gone;
        closed_url = gone.url();
    }  // stopped: its port now refuses connections
    auto r = send_webhook(mock, {{"target", closed_url}, {"secret", kSecret}});
    REQUIRE(r);
    CHECK(r->status == 502);
    const auto answer = json::parse(r->body);
    CHECK(answer.at("error") == "target_unreachable");
    CHECK(answer.at("delivered") == false);
    CHECK(std::string(answer.at("message").as_string()).find(closed_url) != std::string::npos);
    CHECK(r->body.find(kSecret) == std::string::npos);
}
