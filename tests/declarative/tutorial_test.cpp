// The tutorial's provider (sdk-docs/declarative-providers.md), written from
// the tutorial alone: valid/lumen_proofs.provider.toml, Link-header paging,
// a rate limit that comes as a 403 with a reset header, proofs on another
// origin. `photobridge run` with --plugin-dir syncs every proof to the files
// sink against two loopback servers (the API, the file store); a re-run
// writes nothing; the key never reaches the file store.
#include "support/loopback_server.hpp"
#include "support/shell_command.hpp"
#include "support/test_files.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>

using namespace photobridge;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr int kProofs = 25;
constexpr const char* kKey = "lumen-secret-key";

std::string proof_bytes(int i) { return "\xFF\xD8\xFF\xE0proof-" + std::to_string(i) + "\xFF\xD9"; }

// The file store: another origin; remembers whether a credential came.
struct FileStore {
    std::atomic<int> gets{0};
    std::atomic<bool> saw_credential{false};
    testing::LoopbackServer server{"file store", [this](const httplib::Request& req, httplib::Response& res) {
                                       ++gets;
                                       if (req.has_header("Authorization")) saw_credential = true;
                                       const std::string name = req.path.substr(req.path.rfind('/') + 1);
                                       const int i = std::stoi(name.substr(1));
                                       res.set_content(proof_bytes(i), "image/jpeg");
                                   }};
};

// The Lumen API: proofs of gallery g1, `per_page` at a time after `after`,
// a Link header to the next page, and one 403 "throttled" with
// X-Lumen-Reset: 1 the first time page 2 is asked for.
struct LumenApi {
    std::string files_url;
    std::atomic<bool> throttled_once{false};
    std::atomic<int> lists{0};
    testing::LoopbackServer server{"lumen api", [this](const httplib::Request& req, httplib::Response& res) {
                                       if (req.get_header_value("Authorization") != std::string("Bearer ") + kKey) {
                                           res.status = 401;
                                           res.set_content(R"({"error":{"kind":"auth","detail":"bad key"}})", "application/json");
                                           return;
                                       }
                                       if (req.path != "/v1/galleries/g1/proofs") {
                                           res.status = 404;
                                           res.set_content(R"({"error":{"kind":"missing","detail":"no such gallery"}})",
                                                           "application/json");
                                           return;
                                       }
                                       ++lists;
                                       const int per_page = std::stoi(req.get_param_value("per_page"));
                                       const int after = req.has_param("after") ? std::stoi(req.get_param_value("after")) : 0;
                                       if (after > 0 && !throttled_once.exchange(true)) {
                                           res.status = 403;
                                           res.set_header("X-Lumen-Reset", "1");
                                           res.set_content(R"({"error":{"kind":"throttled","detail":"slow down"}})",
                                                           "application/json");
                                           return;
                                       }
                                       json::array proofs;
                                       for (int i = after; i < std::min(kProofs, after + per_page); ++i)
                                           proofs.push_back(json::object{
                                               {"uid", "p" + std::to_string(i)},
                                               {"state", i % 3 == 0 ? "picked" : "pending"},
                                               {"uploaded_at", "2026-11-0" + std::to_string(1 + i % 9) + "T10:00:00Z"},
                                               {"client", json::object{{"email", "c" + std::to_string(i) + "@example.com"},
                                                                       {"first", "Client"},
                                                                       {"last", std::to_string(i)}}},
                                               {"files", json::object{{"full", files_url + "/f/p" + std::to_string(i) + ".jpg"},
                                                                      {"thumb", files_url + "/t/p" + std::to_string(i) + ".jpg"},
                                                                      {"width", 800},
                                                                      {"height", 1200}}}});
                                       if (after + per_page < kProofs)
                                           res.set_header("Link", "<" + server.url() + "/v1/galleries/g1/proofs?per_page=" +
                                                                      std::to_string(per_page) + "&after=" +
                                                                      std::to_string(after + per_page) + ">; rel=\"next\"");
                                       res.set_content(json::serialize(json::object{{"proofs", std::move(proofs)}}),
                                                       "application/json");
                                   }};
};

}  // namespace

TEST_CASE("tutorial: the Lumen Proofs provider file syncs every proof to a folder, and a re-run writes nothing") {
    FileStore files;
    LumenApi api;
    api.files_url = files.server.url();
    testing::TempDir dir;
    const fs::path out = dir.path() / "proofs";
    const fs::path wf = dir.path() / "lumen-to-folder.toml";
    std::ofstream(wf) << "[workflow]\nname = \"lumen-to-folder\"\n\n"
                      << "[connections.lumen]\nplugin = \"lumen_proofs\"\nbase_url = \"" << api.server.url()
                      << "/v1\"\napi_key = \"" << kKey << "\"\n\n"
                      << "[connections.folder]\nplugin = \"files\"\ndir = \"" << out.string() << "\"\n\n"
                      << "[source]\nconnection = \"lumen\"\nstream = \"proofs\"\nparams = { gallery = \"g1\" }\n"
                      << "page_size = 10\n\n[[steps]]\nuse = \"download\"\n\n"
                      << "[[sinks]]\nconnection = \"folder\"\naction = \"write\"\nparams = { name = \"{id}.jpg\" }\n";
    const std::string plugin_dir = testing::shell_quoted(fs::path(DECLARATIVE_TEST_DIR "/valid").string());
    const std::string state = testing::shell_quoted((dir.path() / "state.db").string());

    const auto run = testing::run_program(PHOTOBRIDGE_CLI,
                                          "run " + testing::shell_quoted(wf.string()) + " --state " + state +
                                              " --plugin-dir " + plugin_dir,
                                          "2>&1");
    INFO(run.out);
    CHECK(run.exit_code == 0);
    CHECK(api.throttled_once.load());
    for (int i = 0; i < kProofs; ++i) {
        const fs::path file = out / ("p" + std::to_string(i) + ".jpg");
        CAPTURE(file.string());
        REQUIRE(fs::exists(file));
        CHECK(testing::read_file(file) == proof_bytes(i));
    }
    CHECK(files.gets.load() == kProofs);
    CHECK_FALSE(files.saw_credential.load());  // the key goes to the API's origin only
    CHECK(run.out.find(kKey) == std::string::npos);

    const int lists_before = api.lists.load();
    const auto again = testing::run_program(PHOTOBRIDGE_CLI,
                                            "run " + testing::shell_quoted(wf.string()) + " --state " + state +
                                                " --plugin-dir " + plugin_dir + " --json",
                                            "2>/dev/null");
    INFO(again.out);
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("\"synced\": 0") != std::string::npos);
    CHECK(files.gets.load() == kProofs);  // nothing downloaded again
    CHECK(api.lists.load() - lists_before == 3);  // the three pages listed, nothing else
}
