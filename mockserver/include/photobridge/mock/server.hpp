// The mock server as a library: tests start it in-process on port 0, the
// photobridge-mock program and `photobridge demo` wrap the same class.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace photobridge::mock {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 0;                          // 0 picks a free port
    std::vector<std::string> providers;    // empty: all providers with fixtures
    std::optional<std::size_t> dataset;    // records per collection; nullopt: replay only
    std::uint64_t seed = 1;
    // Fixtures: the built-in providers (a folder of provider folders) plus
    // every folder in extra_fixture_dirs, each one provider folder (holding
    // provider.json) or a folder of provider folders. A provider id defined
    // twice makes start() throw, naming both folders.
    bool builtin_fixtures = true;          // false: serve only extra_fixture_dirs
    std::string builtin_fixtures_dir;      // empty: the source tree's mockserver/fixtures (compiled in)
    std::vector<std::string> extra_fixture_dirs;
    std::string faults_file;               // empty: no fault rules
    std::string token = "mock-token";      // replaces mock-token in every provider's auth
    std::size_t journal_capacity = 10000;  // bounded ring of recorded requests
    // Dataset mode: selections (Shootbin's approvals) beyond this many get the
    // provider's documented refusal (422); 0: no limit.
    std::size_t dataset_selection_limit = 0;
    // Dataset mode, by the clock instead of by poll count (nullopt: by poll
    // count). Generation jobs (generative.photos' variants) finish
    // dataset_generation_time after their creation; uploads show their faces
    // dataset_face_detection_time after the upload. Zero: at once. Negative:
    // start() throws std::runtime_error.
    std::optional<std::chrono::milliseconds> dataset_generation_time;
    std::optional<std::chrono::milliseconds> dataset_face_detection_time;
    std::size_t max_body_bytes = 16 * 1024 * 1024;  // bodies above are refused unread (413)
    // Dataset mode: every synthesized JPEG photo is a valid JPEG of about
    // this many bytes, unique per record; 0: small 48x64 portraits.
    std::size_t dataset_image_bytes = 0;
};

// Owns the listening socket and its worker threads.
// Thread contract: start/stop/base_url from one controlling thread.
class Server {
public:
    explicit Server(ServerOptions options);
    ~Server();  // stops if running
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds, starts serving on a background thread and returns the bound
    // port once the server accepts connections. Throws std::runtime_error
    // (with the reason) when it cannot bind, a fixture file is invalid or an
    // option is out of range.
    int start();
    void stop();
    // "http://HOST:PORT" after start().
    std::string base_url() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace photobridge::mock
