// Declarative datasets (dataset.toml, sdk-docs/mockserver-dataset.md): a
// provider folder written in a temporary directory, read by the loader and
// the factory --dataset uses, walked in each paging style; every broken
// dataset.toml is an error naming its file, line and column.
#include <doctest/doctest.h>
#include <httplib.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "dataset_test_support.hpp"
#include "declarative/dataset_spec.hpp"
#include "framework/dataset_factory.hpp"
#include "framework/fixture_loader.hpp"
#include "photobridge/mock/server.hpp"

using namespace dataset_test;
namespace fs = std::filesystem;

namespace {

// The "acme" provider: GET /items documented with a wrapped page
// {"data": [...], "next": null, "total": 2}, and GET /items/{id}.
constexpr const char* kProviderJson =
    R"({"provider": "acme", "title": "Acme", "base_url": "https://api.acme.example",
        "auth": {"header": "Authorization", "scheme": "Bearer", "tokens": {"{token}": []}}})";
constexpr const char* kListJson = R"({
  "id": "list-items", "method": "GET", "path": "/items",
  "query": [{"name": "kind", "type": "string", "enum": ["a", "b"]},
            {"name": "limit", "type": "integer", "min": 1, "max": 50}],
  "examples": [{"name": "Items", "status": 200, "body": {
    "data": [{"id": 7, "name": "seven", "kind": "a", "made": "2024-01-01T00:00:00Z",
              "image": "https://cdn.acme.example/7.png", "owner": {"email": "x@acme.example"}},
             {"id": 8, "name": "eight", "kind": "b", "made": "2024-01-01T00:00:00Z",
              "image": "https://cdn.acme.example/8.png", "owner": {"email": "y@acme.example"}}],
    "next": null, "total": 2}}]})";
constexpr const char* kGetJson = R"({
  "id": "get-item", "method": "GET", "path": "/items/{id}",
  "examples": [{"name": "Item", "status": 200, "body": {"id": 7}}]})";

constexpr const char* kFields = R"(
[[field]]
at = "/id"
generate = "sequence"
start = 100
step = [1, 3]

[[field]]
at = "/kind"
generate = "pick"
values = ["a", "b"]

[[field]]
at = "/name"
generate = "full_name"

[[field]]
at = "/made"
generate = "time"
start = "2024-05-01T08:00:00Z"
step = 60

[[field]]
at = "/owner/email"
generate = "email"
first = ["first@acme.example"]

[[field]]
at = "/image"
generate = "text"
text = "{{base_url}}/acme/files/{/id}.png"

[[field]]
at = "/vip"
generate = "constant"
value = true
when = { field = "/kind", in = ["a"] }
otherwise = false

[[image]]
path = "/files/{key}.png"
keys = ["/id"]
format = "png"

[get]
path = "/items/{id}"
id_field = "/id"
)";

struct TempProvider {
    explicit TempProvider(const std::string& dataset_toml) {
        std::random_device random;
        root = fs::temp_directory_path() / ("photobridge-declared-" + std::to_string(random()));
        fs::create_directories(root / "acme");
        write("provider.json", kProviderJson);
        write("list-items.json", kListJson);
        write("get-item.json", kGetJson);
        write("dataset.toml", dataset_toml);
    }
    ~TempProvider() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    void write(const std::string& name, const std::string& text) const { std::ofstream(root / "acme" / name) << text; }
    std::string dataset_file() const { return (root / "acme" / "dataset.toml").string(); }

    std::unique_ptr<DatasetBackend> backend(std::size_t records, std::uint64_t seed = 1) const {
        const auto catalog = photobridge::mock::load_fixtures({root.string()}, {});
        const auto* fixtures = catalog.find("acme");
        REQUIRE(fixtures != nullptr);
        auto made = photobridge::mock::make_provider_dataset(*fixtures, nullptr, dataset_options(records, seed));
        REQUIRE(made != nullptr);
        return made;
    }
    fs::path root;
};

std::string spec(const std::string& list, const std::string& paging) { return list + "\n" + paging + "\n" + kFields; }

const std::string kWrappedList = "[list]\nendpoint = \"list-items\"\nrecords = \"/data\"\n";

std::string error_of(const std::string& dataset_toml) {
    TempProvider provider(dataset_toml);
    const auto catalog = photobridge::mock::load_fixtures({provider.root.string()}, {});
    try {
        photobridge::mock::make_provider_dataset(*catalog.find("acme"), nullptr, dataset_options(5, 1));
    } catch (const std::exception& e) {
        const std::string message = e.what();
        CHECK_MESSAGE(message.rfind(provider.dataset_file() + ":", 0) == 0, message);
        return message.substr(provider.dataset_file().size());
    }
    FAIL("no error for:\n" << dataset_toml);
    return {};
}

std::vector<std::int64_t> ids_of(const boost::json::array& records) {
    std::vector<std::int64_t> ids;
    for (const auto& r : records) ids.push_back(r.at("id").as_int64());
    return ids;
}

void check_every_record_once(const std::vector<std::int64_t>& ids, std::size_t count) {
    CHECK(ids.size() == count);
    CHECK(std::set<std::int64_t>(ids.begin(), ids.end()).size() == count);
    for (std::size_t i = 1; i < ids.size(); ++i) CHECK(ids[i] > ids[i - 1]);  // the sequence climbs
}

}  // namespace

TEST_CASE("declared dataset: offset paging inside the documented page shape, with the total") {
    TempProvider provider(spec(kWrappedList, "[paging]\nstyle = \"offset\"\nmax_limit = 50\ntotal_at = \"/total\"\n"));
    auto backend = provider.backend(103);
    std::vector<std::int64_t> ids;
    for (int offset = 0; offset < 200; offset += 10) {
        const auto body = json_of(get(*backend, "/items", {{"offset", std::to_string(offset)}, {"limit", "10"}}));
        CHECK(body.at("total").as_int64() == 103);
        CHECK(body.at("next").is_null());  // kept from the documented page
        const auto page = ids_of(body.at("data").as_array());
        ids.insert(ids.end(), page.begin(), page.end());
        if (page.size() < 10) break;
    }
    check_every_record_once(ids, 103);
    CHECK(ids.front() == 100);
    CHECK(get(*backend, "/items", {{"limit", "51"}}).status == 400);
    CHECK(get(*backend, "/items", {{"offset", "-1"}}).status == 400);
}

TEST_CASE("declared dataset: page paging and filters") {
    TempProvider provider(spec(kWrappedList, "[paging]\nstyle = \"page\"\nfirst_page = 1\n\n[[filter]]\nparameter = \"kind\"\nfield = \"/kind\"\n"));
    auto backend = provider.backend(60);
    std::size_t seen = 0;
    for (const char* kind : {"a", "b"}) {
        for (int page = 1;; ++page) {
            const auto body = json_of(get(*backend, "/items", {{"kind", kind}, {"page", std::to_string(page)}, {"limit", "7"}}));
            const auto& data = body.at("data").as_array();
            for (const auto& r : data) {
                CHECK(r.at("kind").as_string() == kind);
                CHECK(r.at("vip").as_bool() == (std::string(kind) == "a"));
            }
            seen += data.size();
            if (data.size() < 7) break;
            REQUIRE(page < 100);
        }
    }
    CHECK(seen == 60);
    CHECK(get(*backend, "/items", {{"page", "0"}}).status == 400);
    CHECK(get(*backend, "/items", {{"kind", "c"}}).status == 400);  // not in the documented enum
}

TEST_CASE("declared dataset: cursor paging hands out opaque cursors and refuses forged ones") {
    TempProvider provider(spec(kWrappedList, "[paging]\nstyle = \"cursor\"\nnext_cursor_at = \"/next\"\n"));
    auto backend = provider.backend(55);
    std::vector<std::int64_t> ids;
    std::string cursor;
    for (int pages = 0;; ++pages) {
        Query query{{"limit", "20"}};
        if (!cursor.empty()) query.emplace_back("cursor", cursor);
        const auto body = json_of(get(*backend, "/items", query));
        const auto page = ids_of(body.at("data").as_array());
        ids.insert(ids.end(), page.begin(), page.end());
        if (body.at("next").is_null()) break;
        cursor = std::string(body.at("next").as_string());
        REQUIRE(pages < 10);
    }
    check_every_record_once(ids, 55);
    for (const char* forged : {"x", "b2Zmc2V0Og", "%%%", "b2Zmc2V0OjE5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"})
        CHECK_MESSAGE(get(*backend, "/items", {{"cursor", forged}}).status == 400, forged);
}

TEST_CASE("declared dataset: Link paging over a bare array, rel next until the last page") {
    TempProvider provider(spec("[list]\nendpoint = \"list-items\"\nrecords = \"/data\"\n",
                               "[paging]\nstyle = \"link\"\nlimit = \"limit\"\ndefault_limit = 9\n"));
    auto backend = provider.backend(40);
    std::vector<std::int64_t> ids;
    std::string path = "/items";
    Query query;
    for (int pages = 0;; ++pages) {
        const auto response = get(*backend, path, query);
        const auto page = ids_of(json_of(response).at("data").as_array());
        ids.insert(ids.end(), page.begin(), page.end());
        std::string link;
        for (const auto& [name, value] : response.headers)
            if (name == "Link") link = value;
        REQUIRE(!link.empty());
        CHECK(link.find("rel=\"last\"") != std::string::npos);
        const auto next = link.find(">; rel=\"next\"");
        if (next == std::string::npos) break;
        const auto open = link.rfind('<', next);
        std::tie(path, query) = split_url(link.substr(open + 1, next - open - 1), "acme");
        REQUIRE(pages < 10);
    }
    check_every_record_once(ids, 40);
}

TEST_CASE("declared dataset: by id, images, {{base_url}}, first values, seeds") {
    TempProvider provider(spec(kWrappedList, "[paging]\nstyle = \"offset\"\n"));
    auto backend = provider.backend(12, 4);
    const auto records = json_of(get(*backend, "/items", {{"limit", "12"}})).at("data").as_array();
    REQUIRE(records.size() == 12);
    CHECK(records[0].at("owner").at("email").as_string() == "first@acme.example");
    CHECK(records[1].at("owner").at("email").as_string() != "first@acme.example");
    CHECK(records[0].at("made").as_string() == "2024-05-01T08:00:00Z");
    CHECK(records[1].at("made").as_string() == "2024-05-01T08:01:00Z");
    for (const auto& record : records) {
        std::string where;
        CHECK_MESSAGE(same_shape(records[0], record, where), where);
        const std::string image(record.at("image").as_string());
        CHECK(image.rfind(std::string(kBaseUrl) + "/acme/files/", 0) == 0);
        auto [path, query] = split_url(image, "acme");
        CHECK(backend->is_public_route(path));
        const auto bytes = get(*backend, path, query);
        CHECK(bytes.status == 200);
        CHECK(bytes.content_type == "image/png");
        CHECK(bytes.body.substr(1, 3) == "PNG");
        const std::string id = std::to_string(record.at("id").as_int64());
        CHECK(json_of(get(*backend, "/items/" + id)) == record);
    }
    CHECK(get(*backend, "/files/999999.png").status == 404);
    CHECK(get(*backend, "/files/100.jpg").status == 404);
    CHECK(get(*backend, "/items/999999").status == 404);
    CHECK_FALSE(backend->is_public_route("/items"));

    const Query all{{"limit", "12"}};
    CHECK(get(*provider.backend(12, 4), "/items", all).body == get(*backend, "/items", all).body);
    CHECK(get(*provider.backend(12, 5), "/items", all).body != get(*backend, "/items", all).body);
    CHECK(json_of(get(*provider.backend(3), "/items")).at("data").as_array().size() == 3);
}

TEST_CASE("declared dataset: a broken dataset.toml names the file, line and column") {
    const std::string paging = "[paging]\nstyle = \"offset\"\n";
    struct Case {
        std::string text;
        std::string where_and_what;
    };
    const Case cases[] = {
        {"[list\nendpoint = 1", ":1:"},                                               // TOML syntax
        {kWrappedList + paging + "colour = 1\n", ":6:1: paging: unknown key \"colour\""},
        {"colour = 1\n" + kWrappedList + paging, ":1:1: dataset.toml: unknown key \"colour\""},
        {"[list]\nendpoint = \"nope\"\n" + paging, ":2:12: list.endpoint: provider acme has no fixture \"nope\""},
        {"[list]\nendpoint = \"list-items\"\nrecords = \"/total\"\n" + paging, ":3:11: list.records"},
        {kWrappedList, ": dataset.toml: missing [paging]"},
        {kWrappedList + "[paging]\nstyle = \"random\"\n", ":5:9: paging.style: one of offset, page, cursor, link"},
        {kWrappedList + "[paging]\nstyle = \"cursor\"\n", "paging: style \"cursor\" needs next_cursor_at"},
        {kWrappedList + paging + "[[field]]\nat = \"/nope/deeper\"\ngenerate = \"email\"\n", ":7:6: field[0].at"},
        {kWrappedList + paging + "[[field]]\nat = \"/id\"\ngenerate = \"uuid7\"\n", ":8:12: unknown generator \"uuid7\""},
        {kWrappedList + paging + "[[field]]\nat = \"/id\"\ngenerate = \"integer\"\nmin = 5\nmax = 1\n", ":9:7: field[0]: min is greater than max"},
        {kWrappedList + paging + "[[field]]\nat = \"/id\"\ngenerate = \"sequence\"\nfrom = \"/name\"\n",
         ":9:8: field[0].from: \"/name\" is not an earlier field generated by \"sequence\""},
        {kWrappedList + paging + "[[field]]\nat = \"/image\"\ngenerate = \"text\"\ntext = \"{/missing}\"\n",
         ":9:8: field[0].text: {/missing} is not in the record"},
        {kWrappedList + paging + "[[image]]\npath = \"/files/{id}.png\"\nkeys = [\"/id\"]\n", ":7:8: image[0].path"},
        {kWrappedList + paging + "[[filter]]\nparameter = \"kind\"\nfield = \"/colour\"\n", ":8:9: filter[0].field"},
        {kWrappedList + paging + "[get]\npath = \"/items\"\nid_field = \"/id\"\n", ":7:8: get.path"},
    };
    for (const auto& c : cases) {
        const std::string message = error_of(c.text);
        CHECK_MESSAGE(message.find(c.where_and_what) != std::string::npos, message, "\nfor:\n", c.text);
    }
}

TEST_CASE("declared dataset: over HTTP --dataset serves a provider with no C++, a broken one stops the start") {
    TempProvider provider(spec(kWrappedList, "[paging]\nstyle = \"offset\"\n"));
    photobridge::mock::ServerOptions options;
    options.builtin_fixtures = false;
    options.extra_fixture_dirs = {provider.root.string()};
    options.dataset = 30;
    {
        photobridge::mock::Server server(options);
        httplib::Client client("127.0.0.1", server.start());
        const httplib::Headers bearer{{"Authorization", "Bearer mock-token"}};
        const auto page = client.Get("/acme/items?limit=50", bearer);
        REQUIRE(page);
        CHECK(page->status == 200);
        const auto data = boost::json::parse(page->body).at("data").as_array();
        CHECK(data.size() == 30);
        const std::string image(data.at(3).at("image").as_string());
        CHECK(image.find("http://127.0.0.1:") == 0);
        const auto bytes = client.Get(image.substr(image.find("/acme/")));  // public: no credential
        REQUIRE(bytes);
        CHECK(bytes->status == 200);
        CHECK(client.Get("/acme/items")->status == 401);
    }
    provider.write("dataset.toml", "[list]\nendpoint = \"list-items\"\nrecords = \"/data\"\nrows = 3\n");
    photobridge::mock::Server broken(options);
    try {
        broken.start();
        FAIL("started with a broken dataset.toml");
    } catch (const std::exception& e) {
        CHECK(std::string(e.what()).find(provider.dataset_file() + ":4:1:") == 0);
    }
}

TEST_CASE("declared dataset: randomly mutated dataset.toml files are diagnosed or served, never crash") {
    std::ifstream in(std::string(PHOTOBRIDGE_MOCK_FIXTURES_DIR) + "/cloudcard/dataset.toml");
    const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(original.size() > 1000);
    // Edits that reach every kind of problem: numbers, brackets, quotes,
    // pointers, generator names.
    const std::string alphabet = "0123456789-+.[]{}\"=,/~ \nabcxyz_#";
    std::mt19937_64 random(20261202);
    const std::string lines[] = {"step = [-9223372036854775807, 9223372036854775807]\n", "length = 99999999\n",
                                 "first = [9223372036854775807]\n", "max_limit = 999999999999\n", "min = nan\n",
                                 "generate = \"copy\"\n", "at = \"/\"\n", "at = \"\"\n", "when = 3\n"};
    std::size_t diagnosed = 0, served = 0;
    for (int round = 0; round < 150; ++round) {
        std::string text = original;
        for (int edits = 1 + static_cast<int>(random() % 4); edits > 0; --edits) {
            const std::size_t at = random() % text.size();
            switch (random() % 4) {
                case 0: text.erase(at, 1 + random() % 8); break;
                case 1: text.insert(at, 1, alphabet[random() % alphabet.size()]); break;
                case 2: text[at] = alphabet[random() % alphabet.size()]; break;
                default: {
                    const auto line = text.find('\n', at);
                    text.insert(line == std::string::npos ? text.size() : line + 1, lines[random() % std::size(lines)]);
                }
            }
        }
        TempProvider provider(text);
        fs::remove(provider.root / "acme" / "list-items.json");
        fs::remove(provider.root / "acme" / "get-item.json");
        fs::copy_file(std::string(PHOTOBRIDGE_MOCK_FIXTURES_DIR) + "/cloudcard/get-photo-list.json",
                      provider.root / "acme" / "get-photo-list.json");
        const auto catalog = photobridge::mock::load_fixtures({provider.root.string()}, {});
        try {
            auto backend = photobridge::mock::make_provider_dataset(*catalog.find("acme"), nullptr, dataset_options(20, 1));
            REQUIRE(backend != nullptr);
            CHECK_NOTHROW(backend->handle(request("acme", "GET", "/photo", {{"max", "7"}})));
            ++served;
        } catch (const photobridge::mock::declarative::DatasetSpecError& e) {
            CHECK(std::string(e.what()).rfind(provider.dataset_file() + ":", 0) == 0);
            ++diagnosed;
        }
    }
    CHECK(diagnosed > 10);
    CHECK(served > 0);
}
