// The mock's webhook sender and the snapbar plugin's verify_webhook agree:
// an event sent by POST /__admin/webhooks/snapbar (dataset mode) verifies
// with the secret it was signed with, and with no other.
#include "e2e_support.hpp"

#include <doctest/doctest.h>

#include <httplib.h>

#include <mutex>
#include <thread>

using namespace photobridge;
namespace json = boost::json;

namespace {

struct Delivery {
    std::string token, body;
};

// Records what arrives at POST /hooks/*; answers 200.
class HookReceiver {
public:
    HookReceiver() {
        server_.Post("/hooks/.*", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex_);
            deliveries_.push_back({req.get_header_value("X-Authenticity-Token"), req.body});
            res.set_content(R"({"ok":true})", "application/json");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        REQUIRE(port_ > 0);
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        for (int i = 0; i < 5000 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~HookReceiver() {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hooks/accepted"; }
    std::vector<Delivery> deliveries() const {
        std::lock_guard lock(mutex_);
        return deliveries_;
    }

private:
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    mutable std::mutex mutex_;
    std::vector<Delivery> deliveries_;
};

json::object verify(const std::string& secret, const Delivery& d) {
    testing::PluginUnderTest snapbar(
        "snapbar", json::object{{"base_url", "http://127.0.0.1:1/snapbar"}, {"token", "unused"}, {"webhook_secret", secret}});
    return snapbar.call("verify_webhook", json::object{{"token", d.token}, {"body", d.body}}).json.as_object();
}

}  // namespace

TEST_CASE("e2e: a webhook the mock sends verifies with the snapbar plugin, with the right secret only") {
    auto mock = e2e::start_mock(10);
    HookReceiver receiver;
    const auto answer = mock->admin("POST", "/__admin/webhooks/snapbar",
                                    json::serialize(json::object{{"target", receiver.url()}, {"secret", "whsec-e2e-1"}}));
    CHECK(answer.at("delivered") == true);
    const auto deliveries = receiver.deliveries();
    REQUIRE(deliveries.size() == 1);

    const auto good = verify("whsec-e2e-1", deliveries[0]);
    CHECK(good.at("valid") == true);
    const auto& payload = good.at("payload");
    CHECK(payload.at("topic") == "SUBMISSION_COMPLETE");
    CHECK(payload.at("submission").at("id") == answer.at("submission_id"));
    // The photos point at the mock's CDN, so a workflow can download them.
    const std::string url(payload.at("submission").at("photos").at(0).at("temporary_download_url").as_string());
    CHECK(url.rfind(mock->provider_url("snapbar") + "/cdn/", 0) == 0);

    const auto bad = verify("another-secret", deliveries[0]);
    CHECK(bad.at("valid") == false);
}
