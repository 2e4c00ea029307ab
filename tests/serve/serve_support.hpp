// Helpers for the serve suite: a temporary folder, the mock in dataset mode,
// workflow files for it, Snapbar webhook tokens minted with OpenSSL, a
// ServeService on 127.0.0.1:0, HTTP calls to it, and the mock's Shootbin
// album as the judge of what was synced.
#pragma once

#include "support/test_files.hpp"
#include "serve/serve_service.hpp"
#include "support/harness.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace serve_test {

namespace fs = std::filesystem;
namespace json = boost::json;

inline constexpr const char* kSecret = "whsec-serve-test-7d1e";
inline constexpr const char* kWorkflow = "snapbar-to-album";
// The first submission of the mock's dataset (the Get Submission example's id).
inline constexpr const char* kSubmission = "64f1a2b3c4d5e6f7g8h9i0j1";

using TempDir = photobridge::testing::TempDir;  // support/test_files.hpp

std::unique_ptr<photobridge::testing::MockServer> start_mock();

// A snapbar (submissions) -> download both photos -> Shootbin upload_photo
// (project 1, album 12, "snapbar-{id}-standard.jpg" / "-premium.jpg")
// workflow with `trigger` as the [trigger] table's body, written to
// dir/<name>.toml.
fs::path write_snapbar_workflow(const fs::path& dir, const std::string& mock_url,
                                const std::string& trigger = "webhook = \"snapbar\"",
                                const std::string& name = kWorkflow);

// JWTs as Snapbar signs them (HS256 with kSecret unless told otherwise).
std::string b64url(std::string_view bytes);
std::string mint(const json::value& claims, std::string_view key = kSecret,
                 const json::value& header = json::parse(R"({"alg":"HS256","typ":"JWT"})"));
std::int64_t unix_now();
// A valid token: iat/nbf now, exp in 5 minutes, a unique jti.
std::string valid_token();

// {"topic":"SUBMISSION_COMPLETE","submission":{"id":ID}}
std::string id_only_body(const std::string& submission = kSubmission);

struct Reply {
    int status = 0;  // 0: no answer
    std::string body;
    json::value json() const;
};

// POST base/hooks/<workflow> with X-Authenticity-Token: token (none when nullopt).
Reply post_webhook(const std::string& base_url, const std::string& workflow, const std::optional<std::string>& token,
                   const std::string& body);
Reply http_get(const std::string& base_url, const std::string& path);

// The service over `dir` with state `state`, built plugins, on 127.0.0.1:0.
photobridge::serve::ServeOptions service_options(const fs::path& dir, const fs::path& state, bool process_events = true,
                                                 photobridge::serve::Clock* clock = nullptr);
std::unique_ptr<photobridge::serve::ServeService> make_service(const photobridge::serve::ServeOptions& options);
std::unique_ptr<photobridge::serve::ServeService> make_service(const fs::path& dir, const fs::path& state,
                                                              bool process_events = true,
                                                              photobridge::serve::Clock* clock = nullptr);

// Polls `done` every 20 ms for up to `timeout` (real time: for work to
// finish, never for a schedule). True when it became true.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(20));

// original_filename -> count in Shootbin album 1/12 for names starting with
// "snapbar-": read from the mock through the shootbin plugin.
std::map<std::string, int> album_uploads(const photobridge::testing::MockServer& mock);

// The first submission of the mock's dataset with `photos` photos: its id
// in `submission`, and the names write_fan_out_workflow gives its photos
// ("snapbar-<id>-<variant>.jpg"); empty when there is none.
std::vector<std::string> photo_names_of_a_submission_with(const photobridge::testing::MockServer& mock,
                                                          std::size_t photos, std::string& submission);

// snapbar (submissions) -> download with variant = "*" (every photo, each on
// its own) -> Shootbin upload_photo "snapbar-{id}-{variant}.jpg", one worker,
// webhook-triggered; written to dir/<name>.toml.
fs::path write_fan_out_workflow(const fs::path& dir, const std::string& mock_url, const std::string& name = kWorkflow);

// True when the workflow kWorkflow has exactly one webhook event, done.
bool only_event_done(photobridge::serve::ServeService& service);

// The album holds exactly `names` among its "snapbar-" photos, each once.
void check_each_photo_once(const photobridge::testing::MockServer& mock, const std::vector<std::string>& names);

// The names the workflow gives a submission's photos.
// The ids of the first `count` of the mock's Snapbar submissions with a
// standard and a premium edit (the photos the workflow syncs), read
// through the plugin.
std::vector<std::string> submission_ids(const photobridge::testing::MockServer& mock, std::size_t count);

std::vector<std::string> expected_names(const std::string& submission = kSubmission);
// The photos of all `submissions`, in order.
std::vector<std::string> expected_names(const std::vector<std::string>& submissions);

}  // namespace serve_test
