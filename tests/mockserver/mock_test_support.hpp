// Shared helpers for the mock server suite: an in-process server on port 0,
// clients with TCP_NODELAY, and file/JSON utilities.
#pragma once

#include "photobridge/mock/server.hpp"

#include <httplib.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace mocktest {

inline const std::string kFixturesDir = PHOTOBRIDGE_SOURCE_DIR "/mockserver/fixtures";
// A provider's doc as shipped with its fixtures: fixtures/<id>/source/<file>.
inline std::string provider_doc_path(const std::string& provider, const std::string& file_name) {
    return kFixturesDir + "/" + provider + "/source/" + file_name;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

inline boost::json::value read_json(const std::string& path) { return boost::json::parse(read_file(path)); }

// A running mock, stopped when the object goes away.
struct RunningMock {
    explicit RunningMock(photobridge::mock::ServerOptions options = {}) : server(std::move(options)) {
        port = server.start();
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port);
        c.set_tcp_nodelay(true);
        c.set_connection_timeout(5);
        c.set_read_timeout(10);
        return c;
    }
    photobridge::mock::Server server;
    int port = 0;
};

// Provider id -> (header name, header value) carrying `token`.
inline std::pair<std::string, std::string> auth_header(const std::string& provider, const std::string& token = "mock-token") {
    if (provider == "cloudcard") return {"X-Auth-Token", token};
    if (provider == "generative_photos") return {"authorization", token};
    return {"Authorization", "Bearer " + token};
}

inline httplib::Headers headers_for(const std::string& provider, const std::string& token = "mock-token") {
    auto [name, value] = auth_header(provider, token);
    return httplib::Headers{{name, value}};
}

struct FixtureFile {
    std::string provider;
    std::string path;
    boost::json::object doc;
};

inline std::vector<FixtureFile> all_endpoint_fixtures() {
    std::vector<FixtureFile> out;
    for (const auto& dir : std::filesystem::directory_iterator(kFixturesDir)) {
        if (!dir.is_directory()) continue;
        for (const auto& f : std::filesystem::directory_iterator(dir.path())) {
            if (!f.is_regular_file() || f.path().extension() != ".json" || f.path().filename() == "provider.json")
                continue;
            out.push_back({dir.path().filename().string(), f.path().string(), read_json(f.path().string()).as_object()});
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    return out;
}

}  // namespace mocktest

namespace mocktest {

inline httplib::Result send(httplib::Client& c, const std::string& method, const std::string& path,
                            const httplib::Headers& headers, const std::string& body = "",
                            const std::string& content_type = "application/json") {
    if (method == "GET") return c.Get(path.c_str(), headers);
    if (method == "POST") return c.Post(path.c_str(), headers, body, content_type.c_str());
    if (method == "PUT") return c.Put(path.c_str(), headers, body, content_type.c_str());
    if (method == "PATCH") return c.Patch(path.c_str(), headers, body, content_type.c_str());
    if (method == "DELETE") return c.Delete(path.c_str(), headers, body, content_type.c_str());
    throw std::runtime_error("unsupported method " + method);
}

}  // namespace mocktest
