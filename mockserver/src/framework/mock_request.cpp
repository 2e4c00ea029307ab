#include "mock_request.hpp"

#include "journal.hpp"

#include <algorithm>
#include <cctype>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace photobridge::mock {

const std::multimap<std::string, std::string>& decoded_query(const httplib::Request& req,
                                                             std::multimap<std::string, std::string>& storage) {
    const std::string content_type = req.get_header_value("Content-Type");
    if (content_type.find("application/x-www-form-urlencoded") == std::string::npos) return req.params;
    storage.clear();
    auto parsed = boost::urls::parse_origin_form(req.target);
    if (parsed) {
        for (auto param : parsed->params()) storage.emplace(param.key, param.has_value ? param.value : std::string());
    }
    return storage;
}

MockRequest make_mock_request(const httplib::Request& req, std::string_view provider, std::string_view path,
                              const std::multimap<std::string, std::string>& query, std::string credential,
                              std::string_view fallback_host) {
    MockRequest out;
    out.method = req.method == "HEAD" ? "GET" : req.method;
    out.path = std::string(path);
    out.query = query;
    for (const auto& [name, value] : req.headers) out.headers.emplace(to_lower(name), value);
    if (req.is_multipart_form_data()) {
        for (const auto& [name, file] : req.files)
            out.parts.push_back(MultipartPart{file.name, file.filename, file.content_type,
                                              std::make_shared<const std::string>(file.content)});
    } else {
        out.body = req.body;
    }
    out.credential = std::move(credential);
    out.provider_base_url = mock_base_url(req, fallback_host) + "/" + std::string(provider);
    return out;
}

std::string mock_base_url(const httplib::Request& req, std::string_view fallback_host) {
    std::string host = req.get_header_value("Host");
    const bool safe = !host.empty() && std::all_of(host.begin(), host.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_';
    });
    return "http://" + (safe ? host : std::string(fallback_host));
}

std::size_t request_body_size(const httplib::Request& req) {
    std::size_t size = req.body.size();
    for (const auto& [name, file] : req.files) size += file.content.size();
    return size;
}

}  // namespace photobridge::mock
