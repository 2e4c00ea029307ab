// use = "generative_photos.variant" end to end against the in-process mock
// (dataset mode): HeadshotPro favorites -> download -> a smile variant from
// generative.photos -> the files sink, checked through the written files and
// the mock's journal; a generation the mock fails (|param| >= 5 gives task
// error code "param_out_of_range") ends in dead letters with that code.
#include "e2e_support.hpp"
#include "engine/run_engine.hpp"
#include "state/state_store.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace photobridge;
namespace json = boost::json;

namespace {

constexpr std::size_t kRecords = 8;

e2e::fs::path write_variant_workflow(const e2e::fs::path& dir, const std::string& mock_url, const std::string& name,
                                     const std::string& files_dir, double param) {
    std::ostringstream t;
    t << "[workflow]\nname = \"" << name << "\"\n\n"
      << "[connections.hp]\nplugin = \"headshotpro\"\nbase_url = \"" << mock_url
      << "/headshotpro\"\napi_key = \"mock-token\"\n\n"
      << "[connections.gp]\nplugin = \"generative_photos\"\nbase_url = \"" << mock_url
      << "/generative_photos\"\napi_key = \"mock-token\"\n\n"
      << "[connections.out]\nplugin = \"files\"\ndir = \"" << files_dir << "\"\n\n"
      << "[source]\nconnection = \"hp\"\nstream = \"org_favorites\"\n\n"
      << "[[steps]]\nuse = \"download\"\n\n"
      << "[[steps]]\nid = \"smile\"\nuse = \"generative_photos.variant\"\nconnection = \"gp\"\nmove = \"smile\"\n"
      << "param = " << param << "\ntimeout_ms = 20000\n\n"
      << "[[sinks]]\nconnection = \"out\"\naction = \"write\"\n"
      << "params = { name = \"{id}-smile.png\", metadata = { variant_type = \"{steps.smile.content_type}\" } }\n\n"
      << "[policy]\nconcurrency = 4\nretry = { attempts = 4, backoff_ms = 20, max_backoff_ms = 200 }\n"
      << "timeout_ms = 20000\n";
    const e2e::fs::path file = dir / (name + ".toml");
    std::ofstream(file) << t.str();
    return file;
}

int journal_count(const testing::MockServer& mock, const std::string& method, const std::string& path_part) {
    int n = 0;
    for (const auto& e : mock.journal()) {
        const auto& o = e.as_object();
        if (o.at("method").as_string() == method &&
            std::string(o.at("path").as_string()).find(path_part) != std::string::npos)
            ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("e2e: generative_photos.variant runs the chain its plugin declares, steps.<id> being the download") {
    auto mock = e2e::start_mock(kRecords);
    e2e::TempDir dir;
    const auto wf = e2e::load(write_variant_workflow(dir.path(), mock->base_url(), "chain", (dir.path() / "out").string(), 1.0));
    REQUIRE(wf.steps.size() == 2);  // as written: the download and the composite step
    const model::Step& smile = wf.steps[1];
    CHECK(smile.kind == model::Step::Kind::composite);
    CHECK(smile.composite == "generative_photos.variant");
    std::vector<std::string> chain;
    for (const auto& s : smile.chain) {
        CHECK(s.kind == model::Step::Kind::invoke);
        chain.push_back(s.id + ":" + s.operation);
    }
    CHECK(chain == std::vector<std::string>{"smile__upload:upload_image", "smile__faces:wait_faces",
                                            "smile__variant:create_variant", "smile__wait:wait_variant",
                                            "smile:download"});
    REQUIRE(smile.chain.size() == 5);
    CHECK(smile.chain[0].send_bytes);
    CHECK(smile.chain[0].after == "step1");
    CHECK(smile.chain[1].params.literal().at("id") == "{steps.smile__upload.id}");
    CHECK(smile.chain[2].params.literal().at("move") == "smile");
    CHECK(smile.chain[3].params.literal().at("timeout_ms") == 20000);
    CHECK(smile.chain[4].keep_bytes_from_result);
    CHECK(wf.sinks[0].after == "smile");
}

TEST_CASE("e2e: HeadshotPro favorites get a generative.photos smile and land as PNGs in a folder") {
    auto mock = e2e::start_mock(kRecords);
    e2e::TempDir dir;
    const auto out = dir.path() / "out";
    const auto file = write_variant_workflow(dir.path(), mock->base_url(), "smile-to-folder", out.string(), 1.0);
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    const auto names = e2e::favorite_names(*mock, "");
    REQUIRE(!names.empty());
    mock->clear_journal();
    const auto s = engine::run_workflow(e2e::load(file), testing::built_plugins(), store.get(), engine::RunOptions{});
    CHECK(s.outcome == "ok");
    CHECK(s.synced == static_cast<std::int64_t>(names.size()));
    CHECK(s.failed == 0);

    for (const auto& name : names) {
        const std::string png = name.substr(0, name.size() - 4) + "-smile.png";
        CAPTURE(png);
        REQUIRE(e2e::fs::exists(out / png));
        const std::string bytes = e2e::read_file(out / png);
        CHECK(bytes.rfind("\x89PNG\r\n\x1a\n", 0) == 0);  // the variant's PNG, not the HeadshotPro JPEG
    }
    // The mock saw one upload, one variant request and one download per record.
    const int n = static_cast<int>(names.size());
    CHECK(journal_count(*mock, "POST", "/generative_photos/teams/me/gallery") == n);
    CHECK(journal_count(*mock, "PUT", "/faces/") == n);
    CHECK(journal_count(*mock, "GET", "/pixels/original/bytes") == n);
    // steps.smile is the download's result.
    const std::string manifest = e2e::read_file(out / "manifest.jsonl");
    CHECK(manifest.find("\"variant_type\":\"image/png\"") != std::string::npos);
}

TEST_CASE("e2e: a failed generation dead-letters the record with the provider's error code") {
    auto mock = e2e::start_mock(kRecords);
    e2e::TempDir dir;
    const auto out = dir.path() / "out";
    // The mock fails every variant with |param| >= 5 (task error code param_out_of_range).
    const auto file = write_variant_workflow(dir.path(), mock->base_url(), "smile-fails", out.string(), 5.0);
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    const auto names = e2e::favorite_names(*mock, "");
    const auto s = engine::run_workflow(e2e::load(file), testing::built_plugins(), store.get(), engine::RunOptions{});
    CHECK(s.outcome == "partial");
    CHECK(s.exit_code == 1);
    CHECK(s.synced == 0);
    CHECK(s.dead_lettered == static_cast<std::int64_t>(names.size()));
    const auto letters = store->dead_letters("smile-fails");
    REQUIRE(letters.size() == names.size());
    for (const auto& letter : letters) {
        CAPTURE(letter.error);
        CHECK(letter.code == PB_ERR_CONFLICT);
        CHECK(letter.sink.empty());  // failed in a step, before any sink
        CHECK(letter.error.find("step smile__wait") != std::string::npos);
        CHECK(letter.error.find("param_out_of_range") != std::string::npos);
    }
    int written = 0;
    if (e2e::fs::exists(out))
        for (const auto& entry : e2e::fs::directory_iterator(out)) written += entry.path().extension() == ".png";
    CHECK(written == 0);
}
