// Independent check that the fixtures hold exactly what the provider docs
// show: the docs are parsed here (JSON blocks located by section heading in
// the .md files, saved examples in the Postman collection) without the
// mock's loader or importer, and compared with the fixture files.
#include "mock_test_support.hpp"

#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <regex>
#include <set>

namespace json = boost::json;
using namespace mocktest;

namespace {

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::stringstream ss(text);
    for (std::string line; std::getline(ss, line);) lines.push_back(line);
    return lines;
}

std::string trim(std::string s) {
    s.erase(0, s.find_first_not_of(" \t\r"));
    s.erase(s.find_last_not_of(" \t\r") + 1);
    return s;
}

struct DocBlock {
    json::value body;
    std::optional<int> status;  // a status printed between the heading and the JSON ("201 Created")
};

// The first JSON value after the line `block` that follows the line `section`.
// `fix` rewrites doc text that is not JSON as printed (recorded in the fixture's note).
std::optional<DocBlock> locate_block(const std::string& doc_text, const std::string& section, const std::string& block,
                                     const std::map<std::string, std::string>& fix = {}) {
    const auto lines = split_lines(doc_text);
    std::size_t i = 0;
    while (i < lines.size() && trim(lines[i]) != section) ++i;
    if (i == lines.size()) return std::nullopt;
    std::size_t j = i + 1;
    while (j < lines.size() && trim(lines[j]) != block) ++j;
    if (j == lines.size()) return std::nullopt;
    std::string rest;
    for (std::size_t k = j + 1; k < lines.size(); ++k) rest += lines[k] + "\n";
    for (const auto& [from, to] : fix)
        if (auto pos = rest.find(from); pos != std::string::npos) rest.replace(pos, from.size(), to);
    const std::size_t start = rest.find_first_of("[{");
    if (start == std::string::npos) return std::nullopt;
    DocBlock out;
    std::smatch m;
    const std::string prefix = rest.substr(0, start);
    if (std::regex_search(prefix, m, std::regex(R"(\b([1-5]\d\d)\b)"))) out.status = std::stoi(m[1].str());
    json::parser parser;
    json::error_code ec;
    parser.write_some(std::string_view(rest).substr(start), ec);  // stops at the end of the first value
    if (ec) return std::nullopt;
    try {
        out.body = parser.release();  // throws when the value is incomplete
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return out;
}

const json::object* find_postman_example(const json::array& items, const std::string& folder, const std::string& section,
                                         const std::string& example) {
    for (const auto& v : items) {
        const auto& item = v.as_object();
        const std::string name(item.at("name").as_string());
        const std::string path = folder.empty() ? name : folder + " / " + name;
        if (item.contains("item")) {
            if (auto found = find_postman_example(item.at("item").as_array(), path, section, example)) return found;
        } else if (path == section && item.contains("response")) {
            for (const auto& r : item.at("response").as_array())
                if (r.at("name").as_string() == example) return &r.as_object();
        }
    }
    return nullptr;
}

std::size_t count_postman_examples(const json::array& items) {
    std::size_t n = 0;
    for (const auto& v : items) {
        const auto& item = v.as_object();
        if (item.contains("item")) n += count_postman_examples(item.at("item").as_array());
        else if (item.contains("response")) n += item.at("response").as_array().size();
    }
    return n;
}

}  // namespace

TEST_CASE("fixture examples equal the examples printed in the provider docs") {
    const json::value collection = read_json(provider_doc_path("snapbar", "snapbar-scale-headshots.postman_collection.json"));
    std::map<std::string, std::string> docs;
    std::set<std::string> md_blocks_used;  // "doc|section|block"
    std::size_t checked = 0, synthesized = 0, postman_checked = 0;
    for (const auto& f : all_endpoint_fixtures()) {
        for (const auto& exv : f.doc.at("examples").as_array()) {
            const auto& ex = exv.as_object();
            const auto& prov = ex.at("provenance").as_object();
            const std::string doc(prov.at("doc").as_string());
            const std::string section(prov.at("section").as_string());
            INFO(f.path << " / " << ex.at("name").as_string());
            if (prov.contains("synthesized") && prov.at("synthesized").as_bool()) {
                // The doc has no body for this example: the fixture must say why.
                CHECK(ex.contains("note"));
                ++synthesized;
                continue;
            }
            if (doc.ends_with(".postman_collection.json")) {
                const auto* saved = find_postman_example(collection.at("item").as_array(), "", section,
                                                         std::string(prov.at("example").as_string()));
                REQUIRE_MESSAGE(saved, "no such example in the collection");
                CHECK(ex.at("status") == saved->at("code"));
                CHECK(ex.at("body") == json::parse(saved->at("body").as_string()));
                json::array saved_headers;
                for (const auto& h : saved->at("header").as_array())
                    saved_headers.push_back(json::object{{"name", h.at("key")}, {"value", h.at("value")}});
                CHECK(ex.at("headers") == json::value(saved_headers));
                ++postman_checked;
                continue;
            }
            if (!docs.count(doc)) docs[doc] = read_file(provider_doc_path(f.provider, doc));
            const std::string block(prov.at("block").as_string());
            std::map<std::string, std::string> fix;
            if (doc == "shootbin.md") fix["\"photos\": [...]"] = "\"photos\": []";  // see the fixture's note
            auto found = locate_block(docs[doc], section, block, fix);
            REQUIRE_MESSAGE(found, "block not found in " << doc << ": " << section << " / " << block);
            json::value expected = found->body;
            if (doc == "shootbin.md" && expected.is_object() && expected.as_object().contains("photos") &&
                expected.at("photos").as_array().empty())
                expected.as_object()["photos"] = expected.at("data");  // the documented alias
            CHECK(ex.at("body") == expected);
            if (found->status) CHECK(ex.at("status").as_int64() == *found->status);
            md_blocks_used.insert(doc + "|" + section + "|" + block);
            ++checked;
        }
    }
    CHECK(checked >= 12);
    CHECK(synthesized <= 5);
    // Every saved Postman example is in a fixture.
    CHECK(postman_checked == count_postman_examples(collection.at("item").as_array()));
    // Every response block printed in the .md docs is in a fixture.
    const std::vector<std::string> documented = {
        "headshotpro.md|List Model Photos|Response",
        "headshotpro.md|Get Favorite Photo|Response (with favorite selected)",
        "headshotpro.md|Get Favorite Photo|Response (no favorite selected)",
        "headshotpro.md|Get Photo Details|Response",
        "headshotpro.md|Batch Download Photos|Response",
        "headshotpro.md|List Organization Favorites|Response",
        "shootbin.md|List photos in an album|Example response",
        "shootbin.md|Upload a photo|Example response",
        "shootbin.md|Get a single photo|Example response",
        "cloudcard.md|Get Photo List|Example Response",
        "generative-photos.md|# Schemas|<h2 id=\"tocSgalleryitem\">GalleryItem</h2>",
    };
    for (const auto& d : documented) CHECK_MESSAGE(md_blocks_used.count(d), "no fixture for " << d);
}

TEST_CASE("the doc-block locator itself finds what the docs print") {
    // Guards the independent check against silently matching nothing.
    const std::string hp = read_file(provider_doc_path("headshotpro", "headshotpro.md"));
    auto none = locate_block(hp, "Get Favorite Photo", "Response (no favorite selected)");
    REQUIRE(none);
    CHECK(none->body.at("photo").is_null());
    const std::string cc = read_file(provider_doc_path("cloudcard", "cloudcard.md"));
    auto list = locate_block(cc, "Get Photo List", "Example Response");
    REQUIRE(list);
    CHECK(list->status == 200);
    CHECK(list->body.as_array().size() == 2);
    const std::string sb = read_file(provider_doc_path("shootbin", "shootbin.md"));
    CHECK_FALSE(locate_block(sb, "List photos in an album", "Example response"));  // [...] is not JSON
    auto upload = locate_block(sb, "Upload a photo", "Example response");
    REQUIRE(upload);
    CHECK(upload->status == 201);
}
