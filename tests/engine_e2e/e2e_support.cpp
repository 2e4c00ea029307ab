#include "e2e_support.hpp"

#include "workflow/workflow_loader.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace e2e {

namespace json = boost::json;
using photobridge::testing::MockServer;
using photobridge::testing::PluginUnderTest;


std::unique_ptr<MockServer> start_mock(std::size_t records) {
    photobridge::testing::MockOptions options;
    options.dataset = records;
    options.seed = 7;
    options.journal_capacity = 20000;
    return std::make_unique<MockServer>(options);
}

fs::path write_workflow(const fs::path& dir, const std::string& mock_url, const WorkflowText& w) {
    std::ostringstream t;
    t << "[workflow]\nname = \"" << w.name << "\"\ndescription = \"HeadshotPro favorites into "
      << (w.sink == "files" ? "a folder" : "the review album") << "\"\n\n"
      << "[connections.hp]\nplugin = \"headshotpro\"\nbase_url = \"" << mock_url << "/headshotpro\"\napi_key = \"mock-token\"\n\n";
    if (w.sink == "files")
        t << "[connections.out]\nplugin = \"files\"\ndir = \"" << w.files_dir << "\"\n\n";
    else
        t << "[connections.sb]\nplugin = \"" << w.shootbin_plugin << "\"\nbase_url = \"" << mock_url
          << "/shootbin\"\ntoken = \"mock-token\"\n\n";
    t << "[source]\nconnection = \"hp\"\nstream = \"org_favorites\"\npage_size = " << w.page_size << "\n\n"
      << "[[steps]]\nuse = \"download\"\n\n";
    if (w.sink == "files")
        t << "[[sinks]]\nconnection = \"out\"\naction = \"write\"\n"
             "params = { name = \"{id}.jpg\", metadata = { email = \"{person.email|}\" } }\n\n";
    else
        t << "[[sinks]]\nconnection = \"sb\"\naction = \"upload_photo\"\nparams = { project = " << w.shootbin_project
          << ", album = " << w.shootbin_album
          << ", title = \"{person.name|Unknown}\""
          << (w.filename_hint ? ", client_original_filename = \"headshotpro-{id}.jpg\"" : ", description = \"{person.email|}\"")
          << " }\n\n";
    t << "[policy]\nconcurrency = " << w.concurrency << "\non_error = \"" << w.on_error << "\"\nretry = " << w.retry
      << "\ntimeout_ms = 20000\n";
    const fs::path file = dir / (w.name + ".toml");
    std::ofstream(file) << t.str();
    return file;
}

photobridge::model::Workflow load(const fs::path& file) {
    auto loaded = photobridge::workflow_file::load_workflow(file, photobridge::testing::built_plugins());
    std::string errors;
    for (const auto& d : loaded.diagnostics) errors += d.str() + "\n";
    INFO(errors);
    REQUIRE(loaded.workflow.has_value());
    return *loaded.workflow;
}

using photobridge::testing::on_own_thread;

std::map<std::string, int> album_uploads(const MockServer& mock, const std::string& prefix) {
    return on_own_thread([&] {
    PluginUnderTest shootbin("shootbin", json::object{{"base_url", mock.provider_url("shootbin")}, {"token", "mock-token"}});
    const json::array photos =
        photobridge::testing::read_all(shootbin, "album_photos", json::object{{"project", 1}, {"album", 12}}, 100);
    std::map<std::string, int> out;
    for (const auto& p : photos) {
        const auto* name = p.at("raw").as_object().if_contains("original_filename");
        if (name == nullptr || !name->is_string()) continue;
        const std::string n(name->get_string());
        if (n.rfind(prefix, 0) == 0) ++out[n];
    }
    return out;
    });
}

std::vector<std::string> favorite_names(const MockServer& mock, const std::string& prefix, const std::string& suffix) {
    return on_own_thread([&] {
    PluginUnderTest hp("headshotpro", json::object{{"base_url", mock.provider_url("headshotpro")}, {"api_key", "mock-token"}});
    const json::array favorites = photobridge::testing::read_all(hp, "org_favorites", json::object{}, 200);
    std::vector<std::string> names;
    for (const auto& f : favorites) names.push_back(prefix + std::string(f.at("id").as_string()) + suffix);
    return names;
    });
}

std::vector<std::string> submission_photo_names(const MockServer& mock, const std::string& prefix,
                                                const std::string& suffix, const std::string& state) {
    return on_own_thread([&] {
    PluginUnderTest snapbar("snapbar", json::object{{"base_url", mock.provider_url("snapbar")}, {"token", "mock-token"}});
    json::object params;
    if (!state.empty()) params["state"] = state;
    const json::array submissions = photobridge::testing::read_all(snapbar, "submissions", params, 100);
    std::vector<std::string> names;
    for (const auto& s : submissions)
        for (const auto& m : s.at("media").as_array())
            names.push_back(prefix + std::string(s.at("id").as_string()) + "-" +
                            std::string(m.at("variant").as_string()) + suffix);
    return names;
    });
}

void check_exactly_once(const std::map<std::string, int>& uploads, const std::vector<std::string>& expected_names) {
    int missing = 0, duplicated = 0;
    std::string examples;
    for (const auto& name : expected_names) {
        auto it = uploads.find(name);
        const int n = it == uploads.end() ? 0 : it->second;
        if (n == 0) ++missing;
        if (n > 1) {
            ++duplicated;
            if (examples.size() < 200) examples += name + " x" + std::to_string(n) + " ";
        }
    }
    INFO("duplicates: " << examples);
    CHECK(missing == 0);
    CHECK(duplicated == 0);
    CHECK(uploads.size() == expected_names.size());
}

int journal_uploads(const MockServer& mock) {
    int n = 0;
    for (const auto& e : mock.journal()) {
        const auto& o = e.as_object();
        if (o.at("method").as_string() != "POST") continue;
        const std::string path(o.at("path").as_string());
        if (path.find("shootbin") == std::string::npos || path.size() < 7 || path.substr(path.size() - 7) != "/photos")
            continue;
        const auto status = o.at("status").to_number<int>();
        if (status >= 200 && status < 300) ++n;
    }
    return n;
}

Child::Child(const std::vector<std::string>& args, const fs::path& log) {
    std::vector<std::string> all{PHOTOBRIDGE_CLI_PATH};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + all[0]);
}

Child::~Child() {
    if (!reaped_ && pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status_, 0);
    }
}

void Child::signal(int sig) const { ::kill(pid_, sig); }

bool Child::running() {
    if (reaped_) return false;
    const pid_t r = ::waitpid(pid_, &status_, WNOHANG);
    if (r == pid_) reaped_ = true;
    return !reaped_;
}

int Child::wait(std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (running()) {
        if (std::chrono::steady_clock::now() > until) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (WIFEXITED(status_)) return WEXITSTATUS(status_);
    if (WIFSIGNALED(status_)) return 128 + WTERMSIG(status_);
    return -1;
}

}  // namespace e2e

namespace e2e {

int run_and_kill_at(const MockServer& mock, const fs::path& file, const fs::path& state, const fs::path& log,
                    const std::vector<int>& points, const std::string& prefix) {
    int kills = 0;
    for (int at : points) {
        // The album, as the mock holds it, decides when to kill.
        const int before = static_cast<int>(album_uploads(mock, prefix).size());
        mock.clear_journal();
        Child child({"run", file.string(), "--state", state.string()}, log);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
        while (child.running()) {
            if (before + journal_uploads(mock) >= at) {
                child.signal(SIGKILL);
                CHECK(child.wait(std::chrono::seconds(10)) == 128 + SIGKILL);
                ++kills;
                break;
            }
            if (std::chrono::steady_clock::now() > deadline) FAIL("the run did not reach " << at << " uploads");
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    return kills;
}

}  // namespace e2e
