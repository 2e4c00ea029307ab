#include "dataset_test_support.hpp"

#include <doctest/doctest.h>

#include "framework/dataset_factory.hpp"
#include "framework/fixture_loader.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dataset_test {

std::unique_ptr<DatasetBackend> make_backend(const std::string& provider, std::size_t records, std::uint64_t seed,
                                             std::size_t selection_limit) {
    photobridge::mock::DatasetOptions options = dataset_options(records, seed);
    options.selection_limit = selection_limit;
    return make_backend(provider, options);
}

photobridge::mock::DatasetOptions dataset_options(std::size_t records, std::uint64_t seed) {
    photobridge::mock::DatasetOptions options;
    options.records = records;
    options.seed = seed;
    return options;
}

std::unique_ptr<DatasetBackend> make_backend(const std::string& provider,
                                             const photobridge::mock::DatasetOptions& options) {
    const auto catalog = photobridge::mock::load_fixtures({PHOTOBRIDGE_MOCK_FIXTURES_DIR}, {provider});
    const auto* fixtures = catalog.find(provider);
    REQUIRE(fixtures != nullptr);
    auto backend =
        photobridge::mock::make_provider_dataset(*fixtures, photobridge::mock::builtin_providers().find(provider), options);
    REQUIRE(backend != nullptr);
    return backend;
}

photobridge::mock::MultipartPart part(std::string name, std::string filename, std::string content_type,
                                      std::string content) {
    return {std::move(name), std::move(filename), std::move(content_type),
            std::make_shared<const std::string>(std::move(content))};
}

MockRequest request(const std::string& provider, std::string method, std::string path, const Query& query,
                    std::string body) {
    MockRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    for (const auto& [key, value] : query) r.query.emplace(key, value);
    r.body = std::move(body);
    r.credential = "mock-token";
    r.provider_base_url = std::string(kBaseUrl).append("/").append(provider);
    return r;
}

MockResponse call(DatasetBackend& backend, const MockRequest& r) {
    auto response = backend.handle(r);
    REQUIRE_MESSAGE(response.has_value(), r.method << " " << r.path << " was not handled");
    CHECK(response->matched.rfind("dataset:", 0) == 0);
    return *response;
}

MockResponse get(DatasetBackend& backend, const std::string& path, const Query& query) {
    return call(backend, request(std::string(backend.provider()), "GET", path, query));
}

MockResponse send_json(DatasetBackend& backend, const std::string& method, const std::string& path,
                       const boost::json::value& body) {
    auto r = request(std::string(backend.provider()), method, path, {}, boost::json::serialize(body));
    r.headers.emplace("content-type", "application/json");
    return call(backend, r);
}

boost::json::value json_of(const MockResponse& response) {
    boost::system::error_code error;
    auto value = boost::json::parse(response.body, error);
    REQUIRE_MESSAGE(!error, "not JSON: " << response.body.substr(0, 200));
    return value;
}

std::pair<std::string, Query> split_url(const std::string& url, const std::string& provider) {
    const std::string prefix = std::string(kBaseUrl).append("/").append(provider);
    REQUIRE(url.rfind(prefix, 0) == 0);
    const std::string rest = url.substr(prefix.size());
    const auto question = rest.find('?');
    Query query;
    if (question != std::string::npos) {
        std::stringstream pairs(rest.substr(question + 1));
        std::string pair;
        while (std::getline(pairs, pair, '&')) {
            const auto eq = pair.find('=');
            query.emplace_back(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
        }
    }
    return {rest.substr(0, question), query};
}

bool same_shape(const boost::json::value& documented, const boost::json::value& actual, std::string& where) {
    if (documented.is_null()) return true;
    if (documented.is_number() && actual.is_number()) return true;
    if (documented.kind() != actual.kind()) {
        where += " (kind differs)";
        return false;
    }
    if (documented.is_object()) {
        const auto& d = documented.as_object();
        const auto& a = actual.as_object();
        if (d.size() != a.size()) {
            where += " (key count " + std::to_string(d.size()) + " vs " + std::to_string(a.size()) + ")";
            return false;
        }
        for (const auto& entry : d) {
            const auto* other = a.if_contains(entry.key());
            std::string path = where + "." + std::string(entry.key());
            if (other == nullptr) {
                where = path + " (missing)";
                return false;
            }
            // custom_attributes is a free-form map: only its kind is documented.
            if (entry.key() == "custom_attributes") {
                if (!other->is_object()) {
                    where = path + " (kind differs)";
                    return false;
                }
                continue;
            }
            if (!same_shape(entry.value(), *other, path)) {
                where = path;
                return false;
            }
        }
    }
    if (documented.is_array() && !documented.as_array().empty() && !actual.as_array().empty()) {
        std::string path = where + "[0]";
        if (!same_shape(documented.as_array()[0], actual.as_array()[0], path)) {
            where = path;
            return false;
        }
    }
    return true;
}

std::string provider_doc(const std::string& provider, const std::string& file_name) {
    std::string path = PHOTOBRIDGE_SOURCE_DIR "/mockserver/fixtures/";
    path.append(provider).append("/source/").append(file_name);
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read provider doc " << file_name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

boost::json::value postman_example(const std::string& request_name, const std::string& example_name) {
    static const boost::json::value collection =
        boost::json::parse(provider_doc("snapbar", "snapbar-scale-headshots.postman_collection.json"));
    for (const auto& folder : collection.at("item").as_array()) {
        for (const auto& item : folder.at("item").as_array()) {
            if (item.at("name").as_string() != request_name) continue;
            for (const auto& example : item.at("response").as_array()) {
                if (example.at("name").as_string() == example_name)
                    return boost::json::parse(example.at("body").as_string());
            }
        }
    }
    throw std::runtime_error("no Postman example " + request_name + " / " + example_name);
}

}  // namespace dataset_test
