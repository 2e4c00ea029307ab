// Helpers for the engine end-to-end suite: the mock in dataset mode, workflow
// files written for it, the mock's view of what arrived at the sink, and the
// photobridge program run as a child process.
#pragma once

#include "support/test_files.hpp"
#include "model/workflow.hpp"
#include "support/harness.hpp"

#include <boost/json.hpp>

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace e2e {

namespace fs = std::filesystem;

inline constexpr std::size_t kRecords = 1000;

using TempDir = photobridge::testing::TempDir;  // support/test_files.hpp

// The mock with `records` synthesized records per collection.
std::unique_ptr<photobridge::testing::MockServer> start_mock(std::size_t records = kRecords);

struct WorkflowText {
    std::string name = "favorites-to-album";
    std::string sink = "shootbin";   // "shootbin" or "files"
    std::string shootbin_plugin = "shootbin";  // or its provider-file replica, "shootbin_declarative"
    std::string files_dir;           // for the files sink
    int concurrency = 8;
    int page_size = 100;
    std::string retry = "{ attempts = 8, backoff_ms = 20, max_backoff_ms = 500 }";
    std::string on_error = "dead-letter";
    int shootbin_project = 1;
    int shootbin_album = 12;
    // false: the Shootbin sink's params set no client_original_filename, as a
    // new user's first workflow does (the engine then derives it from the key).
    bool filename_hint = true;
};

// HeadshotPro org_favorites -> download -> Shootbin upload_photo (project 1,
// album 12, client_original_filename "headshotpro-<id>.jpg"), or -> files
// (name "<id>.jpg" under files_dir). Written to `dir`/<name>.toml.
fs::path write_workflow(const fs::path& dir, const std::string& mock_url, const WorkflowText& w);

// Loads through the real loader; fails the test with the diagnostics.
photobridge::model::Workflow load(const fs::path& file);

// original_filename -> how many photos in Shootbin album 1/12 carry it, for
// the names this suite uploads (starting with `prefix`). Read through the
// shootbin plugin from the mock's listing: the mock's state, not the engine's.
std::map<std::string, int> album_uploads(const photobridge::testing::MockServer& mock,
                                         const std::string& prefix = "headshotpro-");

// Checks that the ids of the HeadshotPro favorites each appear exactly once.
void check_exactly_once(const std::map<std::string, int>& uploads, const std::vector<std::string>& expected_names);

// The favorites' ids, read from the mock through the headshotpro plugin, as
// the names the workflows give them: prefix + id + suffix.
std::vector<std::string> favorite_names(const photobridge::testing::MockServer& mock, const std::string& prefix,
                                        const std::string& suffix = ".jpg");

// Every photo of every Snapbar submission in `state` (all states when
// empty), as the names the fan-out workflows give them:
// prefix + id + "-" + variant + suffix. Read from the mock through the
// snapbar plugin.
std::vector<std::string> submission_photo_names(const photobridge::testing::MockServer& mock, const std::string& prefix,
                                                const std::string& suffix, const std::string& state = "");

// POSTs of new photos to Shootbin recorded in the mock's journal.
int journal_uploads(const photobridge::testing::MockServer& mock);

// Runs `photobridge run FILE --state STATE` once per point and SIGKILLs it
// as soon as the album (photos whose names start with `prefix`) plus the
// run's uploads in the mock's journal reach that point. Returns the number
// of kills (fails the test when a run does not reach its point in 90 s).
int run_and_kill_at(const photobridge::testing::MockServer& mock, const fs::path& file, const fs::path& state,
                    const fs::path& log, const std::vector<int>& points, const std::string& prefix);

// The photobridge program as a child: stdout+stderr to `log`.
class Child {
public:
    Child(const std::vector<std::string>& args, const fs::path& log);
    ~Child();  // kills (SIGKILL) and reaps if still running
    pid_t pid() const { return pid_; }
    void signal(int sig) const;
    // Waits up to `timeout`; returns the exit code, 128+signal, or -1 on timeout.
    int wait(std::chrono::milliseconds timeout);
    bool running();

private:
    pid_t pid_ = -1;
    bool reaped_ = false;
    int status_ = 0;
};

using photobridge::testing::read_file;  // support/test_files.hpp

}  // namespace e2e
