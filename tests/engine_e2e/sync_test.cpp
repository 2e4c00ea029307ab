// 1,000 HeadshotPro favorites -> download -> Shootbin album (and -> a
// folder), checked at the sink: the mock's album listing, the files on disk.
#include "e2e_support.hpp"
#include "engine/content_hash.hpp"
#include "engine/run_engine.hpp"
#include "state/state_store.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <future>
#include <set>
#include <sstream>

using namespace photobridge;
namespace fs = std::filesystem;

TEST_CASE("e2e: 1,000 favorites land in the Shootbin album exactly once, a re-run writes nothing") {
    auto mock = e2e::start_mock();
    e2e::TempDir dir;
    const auto wf = e2e::load(e2e::write_workflow(dir.path(), mock->base_url(), e2e::WorkflowText{}));
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    const auto expected = e2e::favorite_names(*mock, "headshotpro-");
    REQUIRE(expected.size() == e2e::kRecords);

    engine::RunOptions options;
    const auto first = engine::run_workflow(wf, testing::built_plugins(), store.get(), options);
    INFO(first.to_text());
    CHECK(first.outcome == "ok");
    CHECK(first.read == 1000);
    e2e::check_exactly_once(e2e::album_uploads(*mock), expected);

    mock->clear_journal();
    const auto second = engine::run_workflow(wf, testing::built_plugins(), store.get(), options);
    INFO(second.to_text());
    CHECK(second.outcome == "ok");
    CHECK(second.synced == 0);
    CHECK(second.skipped == 1000);
    CHECK(e2e::journal_uploads(*mock) == 0);
    // Nothing was downloaded either: only the listing pages were requested.
    int downloads = 0;
    for (const auto& e : mock->journal())
        if (std::string(e.at("path").as_string()).find("/cdn/") != std::string::npos) ++downloads;
    CHECK(downloads == 0);
    e2e::check_exactly_once(e2e::album_uploads(*mock), expected);
}

TEST_CASE("e2e: 1,000 favorites into a folder: one file each, one manifest line each") {
    auto mock = e2e::start_mock();
    e2e::TempDir dir;
    e2e::WorkflowText text;
    text.name = "favorites-to-folder";
    text.sink = "files";
    text.files_dir = (dir.path() / "out").string();
    const auto wf = e2e::load(e2e::write_workflow(dir.path(), mock->base_url(), text));
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    const auto s = engine::run_workflow(wf, testing::built_plugins(), store.get(), engine::RunOptions{});
    INFO(s.to_text());
    CHECK(s.outcome == "ok");

    const auto expected = e2e::favorite_names(*mock, "");
    std::set<std::string> files;
    for (const auto& e : fs::directory_iterator(dir.path() / "out"))
        if (e.path().filename() != "manifest.jsonl") files.insert(e.path().filename().string());
    CHECK(files == std::set<std::string>(expected.begin(), expected.end()));
    std::ifstream manifest(dir.path() / "out" / "manifest.jsonl");
    std::map<std::string, int> lines;
    for (std::string line; std::getline(manifest, line);)
        ++lines[std::string(boost::json::parse(line).at("path").as_string())];
    CHECK(lines.size() == expected.size());
    for (const auto& [name, n] : lines) CHECK(n == 1);
    // Each file holds an image the mock served (JPEG or PNG magic).
    const std::string first = e2e::read_file(dir.path() / "out" / expected.front());
    CHECK(first.size() > 100);
    CHECK((first.rfind("\xff\xd8", 0) == 0 || first.rfind("\x89PNG", 0) == 0));
}

TEST_CASE("e2e: the photobridge program runs a workflow, prints a JSON summary, and --dry-run writes nothing") {
    auto mock = e2e::start_mock(120);
    e2e::TempDir dir;
    e2e::WorkflowText text;
    text.name = "cli-run";
    const auto file = e2e::write_workflow(dir.path(), mock->base_url(), text);
    const auto state = dir.path() / "state" / "state.db";

    {
        e2e::Child dry({"run", file.string(), "--state", state.string(), "--dry-run"}, dir.path() / "dry.log");
        CHECK(dry.wait(std::chrono::seconds(60)) == 0);
        const std::string out = e2e::read_file(dir.path() / "dry.log");
        CHECK(out.find("would write  sb.upload_photo  headshotpro:") != std::string::npos);
        CHECK(out.find("mock-token") == std::string::npos);
        CHECK_FALSE(fs::exists(state));  // not even a state file
        CHECK(e2e::journal_uploads(*mock) == 0);
    }
    e2e::Child run({"run", file.string(), "--state", state.string(), "--json"}, dir.path() / "run.log");
    CHECK(run.wait(std::chrono::seconds(60)) == 0);
    const std::string log = e2e::read_file(dir.path() / "run.log");
    INFO(log);
    const auto brace = log.find("{\n");
    REQUIRE(brace != std::string::npos);
    const auto summary = boost::json::parse(log.substr(brace));
    CHECK(summary.at("outcome").as_string() == "ok");
    CHECK(summary.at("counts").at("synced").as_int64() == 120);
    CHECK(log.find("mock-token") == std::string::npos);
    CHECK(e2e::album_uploads(*mock).size() == 120);
}

TEST_CASE("e2e: since = \"last-run\" starts the next pass at the newest value the last one saw") {
    auto mock = e2e::start_mock(200);
    e2e::TempDir dir;
    std::ostringstream t;
    t << "[workflow]\nname = \"accepted-incremental\"\n\n"
      << "[connections.snapbar]\nplugin = \"snapbar\"\nbase_url = \"" << mock->provider_url("snapbar")
      << "\"\ntoken = \"mock-token\"\n\n"
      << "[connections.folder]\nplugin = \"files\"\ndir = \"" << (dir.path() / "out").string() << "\"\n\n"
      << "[source]\nconnection = \"snapbar\"\nstream = \"submissions\"\nparams = { state = \"ACCEPTED\" }\n"
      << "since = \"last-run\"\npage_size = 50\n\n"
      << "[[steps]]\nuse = \"download\"\n\n"
      << "[[sinks]]\nconnection = \"folder\"\naction = \"write\"\nparams = { name = \"{id}.jpg\" }\n";
    const fs::path file = dir.path() / "incremental.toml";
    std::ofstream(file) << t.str();
    const auto wf = e2e::load(file);
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");

    const auto first = engine::run_workflow(wf, testing::built_plugins(), store.get(), engine::RunOptions{});
    INFO(first.to_text());
    CHECK(first.outcome == "ok");
    CHECK(first.read > 10);
    CHECK(first.synced == first.read);  // the download step found each submission's photo
    const auto checkpoint = store->load_checkpoint(wf.name, engine::checkpoint_stream(wf));
    REQUIRE(checkpoint);
    REQUIRE(checkpoint->high_water);

    mock->clear_journal();
    const auto second = engine::run_workflow(wf, testing::built_plugins(), store.get(), engine::RunOptions{});
    INFO(second.to_text());
    CHECK(second.outcome == "ok");
    CHECK(second.read < first.read);  // only what is at or after the high-water mark
    CHECK(second.synced == 0);
    bool sent_since = false;
    for (const auto& e : mock->journal()) {
        const std::string query(e.at("query").is_string() ? e.at("query").as_string() : "");
        if (query.find("submitted_at_min=") != std::string::npos) sent_since = true;
    }
    CHECK(sent_since);  // the stream's server-side parameter carried it
}

TEST_CASE("e2e: pending marks left by a crash are resolved through the sink's lookup, not written again") {
    auto mock = e2e::start_mock(100);
    e2e::TempDir dir;
    e2e::WorkflowText text;
    text.name = "pending-resolved";
    text.sink = "files";
    text.files_dir = (dir.path() / "out").string();
    const auto wf = e2e::load(e2e::write_workflow(dir.path(), mock->base_url(), text));
    {
        auto first_state = state::open_sqlite_state_store(dir.path() / "first.db");
        CHECK(engine::run_workflow(wf, testing::built_plugins(), first_state.get(), engine::RunOptions{}).synced == 100);
    }
    // A second state that looks like a run died after every write and before
    // any done mark: a pending mark (with the record's content hash) per key.
    auto store = state::open_sqlite_state_store(dir.path() / "crashed.db");
    const auto records = std::async(std::launch::async, [&] {
                             testing::PluginUnderTest hp("headshotpro", boost::json::object{
                                                                           {"base_url", mock->provider_url("headshotpro")},
                                                                           {"api_key", "mock-token"}});
                             return testing::read_all(hp, "org_favorites", boost::json::object{}, 100);
                         }).get();
    std::vector<state::LedgerUpdate> pending;
    for (const auto& r : records)
        pending.push_back({"out.write", "headshotpro:" + std::string(r.at("id").as_string()), engine::content_hash(r),
                           state::LedgerStatus::pending, ""});
    store->ledger_write(wf.name, pending);
    const auto lines_before = e2e::read_file(dir.path() / "out" / "manifest.jsonl");

    const auto s = engine::run_workflow(wf, testing::built_plugins(), store.get(), engine::RunOptions{});
    INFO(s.to_text());
    CHECK(s.outcome == "ok");
    CHECK(s.synced == 100);
    REQUIRE(s.sinks.size() == 1);
    CHECK(s.sinks[0].found == 100);   // every one found at the sink by `find`
    CHECK(s.sinks[0].written == 0);   // and none written again
    CHECK(e2e::read_file(dir.path() / "out" / "manifest.jsonl") == lines_before);
    CHECK(store->ledger_pending(wf.name).empty());
    const auto entry = store->ledger_lookup(wf.name, "out.write", {pending[0].key});
    REQUIRE(entry.count(pending[0].key));
    CHECK(entry.at(pending[0].key).result_id == std::string(records[0].at("id").as_string()) + ".jpg");
}
