#include "serve_support.hpp"
#include "support/test_jwt.hpp"

#include <doctest/doctest.h>
#include <httplib.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace serve_test {

using photobridge::testing::MockServer;
using photobridge::testing::PluginUnderTest;

std::unique_ptr<MockServer> start_mock() {
    photobridge::testing::MockOptions options;
    options.dataset = 20;
    options.seed = 11;
    return std::make_unique<MockServer>(options);
}

namespace {

// [workflow], the snapbar (with the webhook secret) and Shootbin ("sb")
// connections, and [source] (submissions) of the suite's workflows.
std::string snapbar_to_shootbin_head(const std::string& name, const std::string& mock_url) {
    std::ostringstream t;
    t << "[workflow]\nname = \"" << name << "\"\n\n"
      << "[connections.snapbar]\nplugin = \"snapbar\"\nbase_url = \"" << mock_url << "/snapbar\"\n"
      << "token = \"mock-token\"\nwebhook_secret = \"" << kSecret << "\"\n\n"
      << "[connections.sb]\nplugin = \"shootbin\"\nbase_url = \"" << mock_url << "/shootbin\"\ntoken = \"mock-token\"\n\n"
      << "[source]\nconnection = \"snapbar\"\nstream = \"submissions\"\n\n";
    return t.str();
}

}  // namespace

fs::path write_snapbar_workflow(const fs::path& dir, const std::string& mock_url, const std::string& trigger,
                                const std::string& name) {
    std::ostringstream t;
    t << snapbar_to_shootbin_head(name, mock_url)
      << "[[steps]]\nid = \"standard\"\nuse = \"download\"\nvariant = \"Portrait - Standard Edit\"\n\n"
      << "[[steps]]\nid = \"premium\"\nuse = \"download\"\nvariant = \"Portrait - Premium Edit\"\nafter = \"source\"\n\n"
      << "[[sinks]]\nid = \"standard\"\nconnection = \"sb\"\naction = \"upload_photo\"\nafter = \"standard\"\n"
      << "params = { project = 1, album = 12, title = \"{person.name|Unknown}\", "
         "client_original_filename = \"snapbar-{id}-standard.jpg\" }\n\n"
      << "[[sinks]]\nid = \"premium\"\nconnection = \"sb\"\naction = \"upload_photo\"\nafter = \"premium\"\n"
      << "params = { project = 1, album = 12, title = \"{person.name|Unknown}\", "
         "client_original_filename = \"snapbar-{id}-premium.jpg\" }\n\n"
      << "[policy]\nconcurrency = 2\nretry = { attempts = 3, backoff_ms = 20, max_backoff_ms = 200 }\ntimeout_ms = 10000\n\n"
      << "[trigger]\n" << trigger << "\n";
    const fs::path file = dir / (name + ".toml");
    std::ofstream(file) << t.str();
    return file;
}

std::string b64url(std::string_view bytes) { return photobridge::testing::base64url(bytes); }

std::string mint(const json::value& claims, std::string_view key, const json::value& header) {
    return photobridge::testing::mint_jwt(claims, key, header);
}

std::int64_t unix_now() { return photobridge::testing::unix_now_s(); }

std::string valid_token() {
    unsigned char nonce[16];
    RAND_bytes(nonce, sizeof nonce);
    const std::int64_t now = unix_now();
    return mint(json::object{{"iat", now}, {"nbf", now}, {"exp", now + 300},
                             {"jti", b64url(std::string_view(reinterpret_cast<const char*>(nonce), sizeof nonce))}});
}

std::string id_only_body(const std::string& submission) {
    return json::serialize(json::object{{"topic", "SUBMISSION_COMPLETE"}, {"submission", json::object{{"id", submission}}}});
}

json::value Reply::json() const {
    boost::system::error_code ec;
    auto v = json::parse(body, ec);
    return ec ? json::value(nullptr) : v;
}

namespace {

// A client on a short-lived thread: its keep-alive connection closes with
// it, so no server waits for an idle client at shutdown.
template <typename Fn>
Reply on_own_thread(Fn fn) {
    Reply reply;
    std::thread t([&] { reply = fn(); });
    t.join();
    return reply;
}

}  // namespace

Reply post_webhook(const std::string& base_url, const std::string& workflow, const std::optional<std::string>& token,
                   const std::string& body) {
    return on_own_thread([&] {
        httplib::Client client(base_url);
        client.set_connection_timeout(5);
        client.set_read_timeout(10);
        httplib::Headers headers;
        if (token) headers.emplace("X-Authenticity-Token", *token);
        auto res = client.Post(("/hooks/" + workflow).c_str(), headers, body, "application/json");
        return res ? Reply{res->status, res->body} : Reply{};
    });
}

Reply http_get(const std::string& base_url, const std::string& path) {
    return on_own_thread([&] {
        httplib::Client client(base_url);
        client.set_connection_timeout(5);
        client.set_read_timeout(15);
        auto res = client.Get(path.c_str());
        return res ? Reply{res->status, res->body} : Reply{};
    });
}

std::unique_ptr<photobridge::serve::ServeService> make_service(const photobridge::serve::ServeOptions& options) {
    return std::make_unique<photobridge::serve::ServeService>(options, photobridge::testing::built_plugins());
}

std::unique_ptr<photobridge::serve::ServeService> make_service(const fs::path& dir, const fs::path& state,
                                                              bool process_events, photobridge::serve::Clock* clock) {
    return make_service(service_options(dir, state, process_events, clock));
}

photobridge::serve::ServeOptions service_options(const fs::path& dir, const fs::path& state, bool process_events,
                                                 photobridge::serve::Clock* clock) {
    photobridge::serve::ServeOptions options;
    options.workflow_dir = dir;
    options.state_path = state;
    options.port = 0;
    options.process_events = process_events;
    options.run_schedules = process_events;
    options.clock = clock;
    options.shutdown_grace = std::chrono::milliseconds(2000);
    return options;
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
}

std::map<std::string, int> album_uploads(const MockServer& mock) {
    return photobridge::testing::on_own_thread([&] {
        PluginUnderTest shootbin("shootbin", json::object{{"base_url", mock.provider_url("shootbin")}, {"token", "mock-token"}});
        const json::array photos =
            photobridge::testing::read_all(shootbin, "album_photos", json::object{{"project", 1}, {"album", 12}}, 100);
        std::map<std::string, int> out;
        for (const auto& p : photos) {
            const auto* name = p.at("raw").as_object().if_contains("original_filename");
            if (name == nullptr || !name->is_string()) continue;
            const std::string n(name->get_string());
            if (n.rfind("snapbar-", 0) == 0) ++out[n];
        }
        return out;
    });
}

std::vector<std::string> photo_names_of_a_submission_with(const MockServer& mock, std::size_t photos,
                                                          std::string& submission) {
    return photobridge::testing::on_own_thread([&] {
        PluginUnderTest snapbar("snapbar", json::object{{"base_url", mock.provider_url("snapbar")}, {"token", "mock-token"}});
        for (const auto& s : photobridge::testing::read_all(snapbar, "submissions", json::object{}, 100)) {
            const auto& media = s.at("media").as_array();
            if (media.size() != photos) continue;
            submission = std::string(s.at("id").as_string());
            std::vector<std::string> names;
            for (const auto& m : media)
                names.push_back("snapbar-" + submission + "-" + std::string(m.at("variant").as_string()) + ".jpg");
            return names;
        }
        return std::vector<std::string>{};
    });
}

fs::path write_fan_out_workflow(const fs::path& dir, const std::string& mock_url, const std::string& name) {
    std::ostringstream t;
    t << snapbar_to_shootbin_head(name, mock_url)
      << "[[steps]]\nid = \"photos\"\nuse = \"download\"\nvariant = \"*\"\n\n"
      << "[[sinks]]\nconnection = \"sb\"\naction = \"upload_photo\"\n"
      << "params = { project = 1, album = 12, title = \"{person.name|Unknown}\", "
         "client_original_filename = \"snapbar-{id}-{variant}.jpg\" }\n\n"
      << "[policy]\nconcurrency = 1\nretry = { attempts = 3, backoff_ms = 20, max_backoff_ms = 200 }\ntimeout_ms = 10000\n\n"
      << "[trigger]\nwebhook = \"snapbar\"\n";
    const fs::path file = dir / (name + ".toml");
    std::ofstream(file) << t.str();
    return file;
}

bool only_event_done(photobridge::serve::ServeService& service) {
    const auto events = service.store().webhook_events(kWorkflow);
    return events.size() == 1 && events[0].status == photobridge::state::WebhookEventStatus::done;
}

void check_each_photo_once(const MockServer& mock, const std::vector<std::string>& names) {
    const auto uploads = album_uploads(mock);
    CHECK(uploads.size() == names.size());
    for (const auto& name : names) {
        CAPTURE(name);
        CHECK((uploads.count(name) == 1 && uploads.at(name) == 1));
    }
}

std::vector<std::string> expected_names(const std::string& submission) {
    return {"snapbar-" + submission + "-premium.jpg", "snapbar-" + submission + "-standard.jpg"};
}

std::vector<std::string> expected_names(const std::vector<std::string>& submissions) {
    std::vector<std::string> names;
    for (const auto& submission : submissions)
        for (auto& name : expected_names(submission)) names.push_back(std::move(name));
    return names;
}

std::vector<std::string> submission_ids(const photobridge::testing::MockServer& mock, std::size_t count) {
    return photobridge::testing::on_own_thread([&] {
        photobridge::testing::PluginUnderTest snapbar(
            "snapbar", json::object{{"base_url", mock.provider_url("snapbar")}, {"token", "mock-token"}});
        std::vector<std::string> ids;
        for (const auto& s : photobridge::testing::read_all(snapbar, "submissions", json::object{}, 100)) {
            std::set<std::string> variants;
            for (const auto& m : s.at("media").as_array()) variants.emplace(m.at("variant").as_string());
            if (variants.count("Portrait - Standard Edit") && variants.count("Portrait - Premium Edit") && ids.size() < count)
                ids.emplace_back(s.at("id").as_string());
        }
        return ids;
    });
}

}  // namespace serve_test
