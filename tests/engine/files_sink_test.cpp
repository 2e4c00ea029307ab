// The built-in files sink plugin, through the real host like any plugin.
#include "engine_test_support.hpp"
#include "host/plugin_instance.hpp"
#include "support/harness.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

using namespace photobridge;
using engine_test::TempDir;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

using photobridge::testing::read_file;

std::vector<json::object> manifest_lines(const fs::path& dir) {
    std::vector<json::object> out;
    std::ifstream in(dir / "manifest.jsonl");
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line).as_object());
    return out;
}

int refused_code(const testing::PluginUnderTest& files, const json::object& input, std::string_view bytes = "x") {
    try {
        files.call("write", input, bytes);
    } catch (const testing::CallError& e) {
        return e.code();
    }
    return PB_OK;
}

}  // namespace

TEST_CASE("files sink: writes bytes and a manifest line, same bytes again is a no-op, other bytes replace") {
    TempDir dir;
    testing::PluginUnderTest files("files", json::object{{"dir", (dir.path() / "out").string()}});
    auto r = files.call("write", json::object{{"name", "a.jpg"}, {"subdir", "team/x"}, {"metadata", {{"who", "Ann"}}}},
                        "JPEGBYTES");
    CHECK(r.json.at("result_id").as_string() == "team/x/a.jpg");
    CHECK(r.json.at("written").as_bool());
    CHECK(read_file(dir.path() / "out/team/x/a.jpg") == "JPEGBYTES");
    auto lines = manifest_lines(dir.path() / "out");
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].at("path").as_string() == "team/x/a.jpg");
    CHECK(lines[0].at("bytes").as_int64() == 9);
    CHECK(lines[0].at("metadata").at("who").as_string() == "Ann");
    CHECK(lines[0].at("sha256").as_string().size() == 64);

    auto again = files.call("write", json::object{{"name", "a.jpg"}, {"subdir", "team/x"}}, "JPEGBYTES");
    CHECK(again.json.at("result_id").as_string() == "team/x/a.jpg");
    CHECK_FALSE(again.json.at("written").as_bool());
    CHECK(manifest_lines(dir.path() / "out").size() == 1);

    files.call("write", json::object{{"name", "a.jpg"}, {"subdir", "team/x"}}, "OTHER");
    CHECK(read_file(dir.path() / "out/team/x/a.jpg") == "OTHER");
    CHECK(manifest_lines(dir.path() / "out").size() == 2);

    auto found = files.call("find", json::object{{"name", "a.jpg"}, {"subdir", "team/x"}});
    CHECK(found.json.at("exists").as_bool());
    CHECK(found.json.at("result_id").as_string() == "team/x/a.jpg");
    auto missing = files.call("find", json::object{{"name", "b.jpg"}});
    CHECK_FALSE(missing.json.at("exists").as_bool());
    // No temporary files are left behind.
    for (const auto& e : fs::recursive_directory_iterator(dir.path() / "out"))
        CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("files sink: paths that would leave the folder, and control characters, are refused") {
    TempDir dir;
    fs::create_directories(dir.path() / "out");
    fs::create_directories(dir.path() / "elsewhere");
    fs::create_directory_symlink(dir.path() / "elsewhere", dir.path() / "out" / "link");
    testing::PluginUnderTest files("files", json::object{{"dir", (dir.path() / "out").string()}});
    for (const char* bad : {"../escape.jpg", "/etc/passwd", "a/../../b.jpg", "a//b.jpg", "./a.jpg", "..", "a/.."}) {
        CAPTURE(bad);
        CHECK(refused_code(files, json::object{{"name", bad}}) == PB_ERR_INVALID_ARGUMENT);
    }
    CHECK(refused_code(files, json::object{{"name", std::string("a\x01.jpg")}}) == PB_ERR_INVALID_ARGUMENT);
    CHECK(refused_code(files, json::object{{"name", std::string("a\nb.jpg")}}) == PB_ERR_INVALID_ARGUMENT);
    CHECK(refused_code(files, json::object{{"name", "x.jpg"}, {"subdir", "../up"}}) == PB_ERR_INVALID_ARGUMENT);
    CHECK(refused_code(files, json::object{{"name", "x.jpg"}, {"subdir", "link"}}) == PB_ERR_INVALID_ARGUMENT);
    CHECK(refused_code(files, json::object{{"name", "ok.jpg"}}, "") == PB_ERR_INVALID_ARGUMENT);  // no bytes
    CHECK(fs::is_empty(dir.path() / "elsewhere"));
    CHECK_FALSE(fs::exists(dir.path() / "escape.jpg"));
    CHECK(refused_code(files, json::object{{"name", "fine name (1).jpg"}}) == PB_OK);
}

TEST_CASE("files sink: concurrent writes from many threads each land once, with one manifest line each") {
    TempDir dir;
    testing::PluginUnderTest files("files", json::object{{"dir", dir.path().string()}});
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 40; ++i) {
                const std::string name = "f" + std::to_string(t) + "-" + std::to_string(i) + ".bin";
                files.call("write", json::object{{"name", name}}, name + std::string(1000, 'x'));
            }
        });
    for (auto& t : threads) t.join();
    const auto lines = manifest_lines(dir.path());
    CHECK(lines.size() == 320);
    std::set<std::string> names;
    for (const auto& l : lines) names.insert(std::string(l.at("path").as_string()));
    CHECK(names.size() == 320);
}

TEST_CASE("files sink: its sink-lookup extension tells the engine whether an interrupted write happened") {
    TempDir dir;
    // The extension as the engine reaches it: through the host's instance.
    const host::PluginInstance instance(testing::built_plugins().find("files"),
                                        json::object{{"dir", (dir.path() / "out").string()}});
    REQUIRE(instance.plugin().extensions.sink_lookup != nullptr);
    CHECK(instance.plugin().manifest->document().at("operations").at("write").at("idempotent").as_bool());
    const json::object written{{"name", "a.jpg"}, {"subdir", "team"}};
    CHECK(instance.can_find_write("write", written));
    CHECK_FALSE(instance.can_find_write("write", json::object{{"subdir", "team"}}));  // no name: fails the schema
    CHECK_FALSE(instance.can_find_write("find", written));                          // not a sink action
    const auto before = instance.find_write("write", written, std::nullopt);
    CHECK_FALSE(before.found);
    CHECK_FALSE(before.next_cursor.has_value());  // one answer, no pages
    instance.invoke("write", written, "JPEG");
    const auto after = instance.find_write("write", written, std::nullopt);
    CHECK(after.found);
    CHECK(after.id == "team/a.jpg");
    CHECK_FALSE(instance.find_write("write", json::object{{"name", "a.jpg"}}, std::nullopt).found);  // another folder
}
