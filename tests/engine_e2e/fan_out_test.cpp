// Fan-out: a download step with variant = "*" sends every photo of a
// Snapbar submission on its own. Against the mock in dataset mode
// (submissions of one to three photos), every photo of every accepted
// submission lands in the Shootbin album exactly once, counted at the mock,
// across SIGKILLs between and during uploads and a resume; the dry run lists
// one write per photo; a re-run writes nothing. In process, with the records
// given (as `serve` gives a webhook's): the files sink's default names, a
// sink after the source beside the fan-out, the ledger per photo (a photo
// added later is the only new write) and two photos of one record with the
// same name.
#include "e2e_support.hpp"

#include "engine/run_engine.hpp"
#include "engine/sink_contract.hpp"
#include "state/state_store.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

e2e::fs::path write_fan_out_workflow(const e2e::fs::path& dir, const std::string& mock_url) {
    std::ostringstream t;
    t << "[workflow]\nname = \"accepted-photos\"\n\n"
      << "[connections.snapbar]\nplugin = \"snapbar\"\nbase_url = \"" << mock_url << "/snapbar\"\ntoken = \"mock-token\"\n\n"
      << "[connections.sb]\nplugin = \"shootbin\"\nbase_url = \"" << mock_url << "/shootbin\"\ntoken = \"mock-token\"\n\n"
      << "[source]\nconnection = \"snapbar\"\nstream = \"submissions\"\nparams = { state = \"ACCEPTED\" }\npage_size = 25\n\n"
      << "[[steps]]\nid = \"photos\"\nuse = \"download\"\nvariant = \"*\"\n\n"
      << "[[sinks]]\nconnection = \"sb\"\naction = \"upload_photo\"\n"
      << "params = { project = 1, album = 12, title = \"{person.name|Unknown} ({variant} {variant_index})\", "
         "client_original_filename = \"snapbar-{id}-{variant}.jpg\" }\n\n"
      << "[policy]\nconcurrency = 4\nretry = { attempts = 10, backoff_ms = 10, max_backoff_ms = 200 }\n";
    const auto file = dir / "accepted-photos.toml";
    std::ofstream(file) << t.str();
    return file;
}

// The summary `run --json` prints (a JSON object from a line "{" to the end).
json::object summary_of(const e2e::fs::path& log) {
    const std::string text = e2e::read_file(log);
    const auto start = text.rfind("\n{\n");
    boost::system::error_code ec;
    json::value v = json::parse(start == std::string::npos ? text : text.substr(start + 1), ec);
    REQUIRE_MESSAGE((!ec && v.is_object()), text);
    return v.as_object();
}

}  // namespace

TEST_CASE("e2e: fan-out: every photo of every accepted submission once, across SIGKILLs and a resume") {
    auto mock = e2e::start_mock(300);
    e2e::TempDir dir;
    const auto expected = e2e::submission_photo_names(*mock, "snapbar-", ".jpg", "ACCEPTED");
    std::set<std::string> submissions;  // their ids: the names up to the first '-' after "snapbar-"
    for (const auto& name : expected) submissions.insert(name.substr(0, name.find('-', 8)));
    REQUIRE(expected.size() > 20);
    const auto file = write_fan_out_workflow(dir.path(), mock->base_url());
    const auto state = dir.path() / "state.db";

    // The dry run shows one write per photo, and writes nothing.
    {
        e2e::Child dry({"run", file.string(), "--state", state.string(), "--dry-run", "--json"}, dir.path() / "dry.log");
        REQUIRE(dry.wait(60s) == 0);
        std::istringstream lines(e2e::read_file(dir.path() / "dry.log"));
        std::string line;
        std::size_t writes = 0;
        bool variant_rendered = false;
        while (std::getline(lines, line)) {
            if (line.find(R"("action":"write")") == std::string::npos) continue;
            ++writes;
            if (line.find("Portrait - Standard Edit 0)") != std::string::npos) variant_rendered = true;
        }
        CHECK(writes == expected.size());
        CHECK(variant_rendered);
        CHECK(e2e::journal_uploads(*mock) == 0);
    }
    CHECK(expected.size() > submissions.size() + 10);  // many submissions have several photos

    mock->admin("POST", "/__admin/faults", R"({"rules": [
        {"id": "sb-boom", "provider": "shootbin", "method": "POST", "status": 500, "probability": 0.10, "seed": 31},
        {"id": "sb-reset", "provider": "shootbin", "method": "POST", "fault": "reset", "probability": 0.03, "seed": 32},
        {"id": "sb-slow", "provider": "shootbin", "method": "POST", "latency_ms": 15}
    ]})");
    const int total = static_cast<int>(expected.size());
    const int kills = e2e::run_and_kill_at(*mock, file, state, dir.path() / "run.log",
                                           {total / 5, 2 * total / 5, 3 * total / 5, 4 * total / 5}, "snapbar-");
    CHECK(kills == 4);
    {
        e2e::Child last({"run", file.string(), "--state", state.string(), "--json"}, dir.path() / "last.log");
        const int rc = last.wait(180s);
        INFO(e2e::read_file(dir.path() / "last.log"));
        CHECK(rc == 0);
    }
    mock->admin("DELETE", "/__admin/faults");
    e2e::check_exactly_once(e2e::album_uploads(*mock, "snapbar-"), expected);

    // Nothing is left to write: every photo is in the ledger, per photo.
    mock->clear_journal();
    e2e::Child again({"run", file.string(), "--state", state.string(), "--json"}, dir.path() / "again.log");
    REQUIRE(again.wait(60s) == 0);
    const json::object summary = summary_of(dir.path() / "again.log");
    CHECK(summary.at("counts").at("synced").to_number<std::int64_t>() == 0);
    CHECK(summary.at("counts").at("skipped").to_number<std::int64_t>() == total);
    CHECK(e2e::journal_uploads(*mock) == 0);
}

namespace {

json::array submissions_with_photos(const photobridge::testing::MockServer& mock, std::size_t count) {
    return photobridge::testing::on_own_thread([&] {
        photobridge::testing::PluginUnderTest snapbar(
            "snapbar", json::object{{"base_url", mock.provider_url("snapbar")}, {"token", "mock-token"}});
        json::array out;
        for (auto& s : photobridge::testing::read_all(snapbar, "submissions", json::object{}, 100))
            if (s.at("media").as_array().size() >= 2 && out.size() < count) out.push_back(s);
        return out;
    });
}

std::set<std::string> files_in(const e2e::fs::path& dir) {
    std::set<std::string> out;
    if (!e2e::fs::exists(dir)) return out;
    for (const auto& e : e2e::fs::directory_iterator(dir))
        if (e.path().filename() != "manifest.jsonl") out.insert(e.path().filename().string());
    return out;
}

}  // namespace

TEST_CASE("e2e: fan-out in process: default file names per photo, one file per record beside it, ledger per photo") {
    namespace engine = photobridge::engine;
    auto mock = e2e::start_mock(20);
    e2e::TempDir dir;
    json::array records = submissions_with_photos(*mock, 2);
    REQUIRE(records.size() == 2);
    std::ostringstream t;
    t << "[workflow]\nname = \"fan-out-files\"\n\n"
      << "[connections.snapbar]\nplugin = \"snapbar\"\nbase_url = \"" << mock->base_url() << "/snapbar\"\ntoken = \"mock-token\"\n\n"
      << "[connections.photos]\nplugin = \"files\"\ndir = \"" << (dir.path() / "photos").string() << "\"\n\n"
      << "[connections.first]\nplugin = \"files\"\ndir = \"" << (dir.path() / "first").string() << "\"\n\n"
      << "[source]\nconnection = \"snapbar\"\nstream = \"submissions\"\n\n"
      << "[[steps]]\nid = \"every\"\nuse = \"download\"\nvariant = \"*\"\n\n"
      << "[[steps]]\nid = \"one\"\nuse = \"download\"\nafter = \"source\"\n\n"
      << "[[sinks]]\nid = \"photos\"\nconnection = \"photos\"\naction = \"write\"\nafter = \"every\"\n\n"
      << "[[sinks]]\nid = \"first\"\nconnection = \"first\"\naction = \"write\"\nafter = \"one\"\n"
      << "params = { name = \"{id}.jpg\" }\n\n"
      << "[policy]\nretry = { attempts = 3, backoff_ms = 10, max_backoff_ms = 50 }\n";
    const auto file = dir.path() / "fan-out-files.toml";
    std::ofstream(file) << t.str();
    const auto wf = e2e::load(file);
    auto store = photobridge::state::open_sqlite_state_store(dir.path() / "state.db");
    const auto run_with = [&](const json::array& given, bool dry_run = false, std::ostream* out = nullptr) {
        engine::RunOptions options;
        options.given_records = given;
        options.dry_run = dry_run;
        if (out != nullptr) options.out = out;
        return engine::run_workflow(wf, photobridge::testing::built_plugins(), dry_run ? nullptr : store.get(), options);
    };

    std::set<std::string> expected;
    std::size_t photos = 0;
    for (const auto& r : records)
        for (const auto& m : r.at("media").as_array()) {
            ++photos;
            expected.insert(engine::key_as_name("snapbar:" + std::string(r.at("id").as_string()) + ":" +
                                                std::string(m.at("variant").as_string())));
        }

    std::ostringstream dry;
    const auto preview = run_with(records, true, &dry);
    CHECK(preview.would_write == static_cast<std::int64_t>(photos + 2));
    CHECK(dry.str().find("media entry 1 '") != std::string::npos);
    CHECK(files_in(dir.path() / "photos").empty());

    const auto first = run_with(records);
    INFO(first.to_text());
    CHECK(first.exit_code == 0);
    CHECK(files_in(dir.path() / "photos") == expected);
    CHECK(files_in(dir.path() / "first").size() == 2);
    CHECK(first.sinks[0].written == static_cast<std::int64_t>(photos));
    CHECK(first.sinks[1].written == 2);

    const auto again = run_with(records);
    CHECK(again.synced == 0);
    CHECK(again.sinks[0].unchanged == static_cast<std::int64_t>(photos));

    // A photo added to the first record: only it is new for the fanned-out sink.
    json::array grown = records;
    json::object extra = grown[0].at("media").as_array()[0].as_object();
    extra["variant"] = "Portrait - Late Edit";
    grown[0].as_object()["media"].as_array().push_back(extra);
    const auto added = run_with(grown);
    INFO(added.to_text());
    CHECK(added.sinks[0].written == 1);
    CHECK(added.sinks[0].unchanged == static_cast<std::int64_t>(photos));
    CHECK(files_in(dir.path() / "photos").size() == photos + 1);

    // Two photos of one record with one name: the second is a dead letter
    // that says why, the first is synced.
    json::array twins = json::array{records[1]};
    auto& media = twins[0].as_object()["media"].as_array();
    media[1].as_object()["variant"] = "Twin Edit";
    media[0].as_object()["variant"] = "Twin Edit";
    const auto split = run_with(twins);
    CHECK(split.dead_lettered == 1);
    CHECK(split.sinks[0].written == 1);
    const auto letters = store->dead_letters("fan-out-files");
    REQUIRE(letters.size() == 1);
    CHECK(letters[0].error.find("both named 'Twin Edit'") != std::string::npos);
}
