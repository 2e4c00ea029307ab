// AI generation as a durable step: generative_photos.variant's uploads and
// variant creations are creating steps (remembered in the state's step
// marks) and its waits are checks that park the record without a worker.
// Checked through the mock: its journal (uploads, variant creations, the
// order of requests) and the Shootbin album.
#include "e2e_support.hpp"
#include "engine/run_engine.hpp"
#include "state/state_store.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <csignal>
#include <fstream>
#include <thread>

using namespace photobridge;
namespace json = boost::json;

namespace {

struct VariantWorkflow {
    std::string name;
    int concurrency = 4;
    int max_pending = 64;
    bool park_waits = true;
    std::string sink = "files";  // or "shootbin" (album 1/12, names "<prefix><id>.png")
    std::string prefix = "gen-";
};

e2e::fs::path write_variant_workflow(const e2e::fs::path& dir, const std::string& mock_url, const VariantWorkflow& w) {
    std::ostringstream t;
    t << "[workflow]\nname = \"" << w.name << "\"\n\n"
      << "[connections.hp]\nplugin = \"headshotpro\"\nbase_url = \"" << mock_url
      << "/headshotpro\"\napi_key = \"mock-token\"\n\n"
      << "[connections.gp]\nplugin = \"generative_photos\"\nbase_url = \"" << mock_url
      << "/generative_photos\"\napi_key = \"mock-token\"\n\n";
    if (w.sink == "files")
        t << "[connections.out]\nplugin = \"files\"\ndir = \"" << (dir / "out").string() << "\"\n\n";
    else
        t << "[connections.sb]\nplugin = \"shootbin\"\nbase_url = \"" << mock_url << "/shootbin\"\ntoken = \"mock-token\"\n\n";
    t << "[source]\nconnection = \"hp\"\nstream = \"org_favorites\"\n\n"
      << "[[steps]]\nuse = \"download\"\n\n"
      << "[[steps]]\nid = \"smile\"\nuse = \"generative_photos.variant\"\nconnection = \"gp\"\nmove = \"smile\"\n"
      << "timeout_ms = 60000\n\n";
    if (w.sink == "files")
        t << "[[sinks]]\nconnection = \"out\"\naction = \"write\"\nparams = { name = \"" << w.prefix << "{id}.png\" }\n\n";
    else
        t << "[[sinks]]\nconnection = \"sb\"\naction = \"upload_photo\"\nparams = { project = 1, album = 12, "
          << "client_original_filename = \"" << w.prefix << "{id}.png\" }\n\n";
    t << "[policy]\nconcurrency = " << w.concurrency << "\nmax_pending = " << w.max_pending
      << "\npark_waits = " << (w.park_waits ? "true" : "false")
      << "\nretry = { attempts = 4, backoff_ms = 20, max_backoff_ms = 200 }\ntimeout_ms = 20000\n";
    const e2e::fs::path file = dir / (w.name + ".toml");
    std::ofstream(file) << t.str();
    return file;
}

std::unique_ptr<testing::MockServer> start_generating_mock(std::size_t records, int generation_ms, int faces_ms) {
    testing::MockOptions options;
    options.dataset = records;
    options.seed = 7;
    options.journal_capacity = 20000;
    options.dataset_generation_time = std::chrono::milliseconds(generation_ms);
    options.dataset_face_detection_time = std::chrono::milliseconds(faces_ms);
    return std::make_unique<testing::MockServer>(options);
}

bool is_upload(const json::object& e) {
    return e.at("method") == "POST" && e.at("path") == "/generative_photos/teams/me/gallery";
}
bool is_variant_creation(const json::object& e) {
    return e.at("method") == "PUT" && std::string(e.at("path").as_string()).find("/faces/") != std::string::npos;
}
bool is_variant_download(const json::object& e) {
    return e.at("method") == "GET" &&
           std::string(e.at("path").as_string()).find("/generative_photos/teams/me/gallery/") == 0 &&
           std::string(e.at("path").as_string()).find("/pixels/original/bytes") != std::string::npos;
}

int count_in_journal(const testing::MockServer& mock, bool (*what)(const json::object&)) {
    int n = 0;
    for (const auto& e : mock.journal()) n += what(e.as_object()) ? 1 : 0;
    return n;
}

// One integer from the state database, read as another process would.
std::int64_t state_count(const e2e::fs::path& db, const std::string& sql) {
    sqlite3* handle = nullptr;
    std::int64_t value = -1;
    if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(handle, 2000);
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
            sqlite3_step(statement) == SQLITE_ROW)
            value = sqlite3_column_int64(statement, 0);
        sqlite3_finalize(statement);
    }
    sqlite3_close(handle);
    return value;
}

std::string marks_where(const std::string& step, const std::string& status) {
    return "(SELECT count(*) FROM step_marks WHERE step = '" + step + "' AND status = '" + status + "')";
}

}  // namespace

TEST_CASE("e2e durable: waits park the record, so more generations run at once than there are workers") {
    auto mock = start_generating_mock(16, 400, 50);
    e2e::TempDir dir;
    VariantWorkflow w;
    w.name = "parked";
    w.concurrency = 2;
    const auto file = write_variant_workflow(dir.path(), mock->base_url(), w);
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    mock->clear_journal();
    const auto s = engine::run_workflow(e2e::load(file), testing::built_plugins(), store.get(), engine::RunOptions{});
    CHECK(s.outcome == "ok");
    CHECK(s.synced == 16);
    // Blocking waits would hold both workers: at most 2 variants created
    // before the first one is downloaded. Parked, the workers went on.
    int created_before_first_download = 0;
    for (const auto& e : mock->journal()) {
        if (is_variant_download(e.as_object())) break;
        created_before_first_download += is_variant_creation(e.as_object()) ? 1 : 0;
    }
    CHECK(created_before_first_download > 2);
    CHECK(count_in_journal(*mock, &is_upload) == 16);
    CHECK(count_in_journal(*mock, &is_variant_creation) == 16);
    CHECK(store->open_step_marks("parked").empty());  // no job left in flight
}

TEST_CASE("e2e durable: max_pending bounds the jobs in flight per connection") {
    auto mock = start_generating_mock(12, 200, 30);
    e2e::TempDir dir;
    VariantWorkflow w;
    w.name = "bounded";
    w.concurrency = 4;
    w.max_pending = 3;
    const auto file = write_variant_workflow(dir.path(), mock->base_url(), w);
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    mock->clear_journal();
    const auto s = engine::run_workflow(e2e::load(file), testing::built_plugins(), store.get(), engine::RunOptions{});
    CHECK(s.outcome == "ok");
    CHECK(s.synced == 12);
    // A job holds its slot from its upload until its variant is downloaded.
    int in_flight = 0, most = 0;
    for (const auto& e : mock->journal()) {
        if (is_upload(e.as_object())) most = std::max(most, ++in_flight);
        if (is_variant_download(e.as_object())) --in_flight;
    }
    CHECK(most <= 3);
    CHECK(most >= 2);
}

TEST_CASE("e2e durable: a job past the plugin's deadline is dead-lettered with the provider's last status") {
    auto mock = start_generating_mock(3, 30000, 0);  // generations take 30 s
    e2e::TempDir dir;
    VariantWorkflow w;
    w.name = "deadline";
    const auto file = write_variant_workflow(dir.path(), mock->base_url(), w);
    // A short deadline: the step's timeout_ms.
    std::string text = e2e::read_file(file);
    text.replace(text.find("timeout_ms = 60000"), std::string("timeout_ms = 60000").size(), "timeout_ms = 300");
    std::ofstream(file) << text;
    auto store = state::open_sqlite_state_store(dir.path() / "state.db");
    mock->clear_journal();
    const auto started = std::chrono::steady_clock::now();
    const auto s = engine::run_workflow(e2e::load(file), testing::built_plugins(), store.get(), engine::RunOptions{});
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
    CHECK(s.outcome == "partial");
    CHECK(s.dead_lettered == 3);
    for (const auto& letter : store->dead_letters("deadline")) {
        CAPTURE(letter.error);
        CHECK(letter.code == PB_ERR_TIMEOUT);
        CHECK(letter.attempts == 1);  // the plugin's verdict is not retried
        CHECK(letter.error.find("step smile__wait") != std::string::npos);
        CHECK(letter.error.find("did not settle within 300 ms") != std::string::npos);
        CHECK(letter.error.find("last data.task.status: ") != std::string::npos);
    }
    CHECK(count_in_journal(*mock, &is_variant_creation) == 3);
}

TEST_CASE("e2e durable: SIGKILL after uploads, after variant creations and during waits: each photo is generated "
          "and paid for once") {
    constexpr int kPhotos = 8;
    auto mock = start_generating_mock(kPhotos, 300, 100);
    // Item polls are slow, so a kill right after a step mark lands in a poll
    // (a read) and not in the next creation.
    mock->set_faults(json::array{json::object{{"id", "slow-polls"},
                                              {"provider", "generative_photos"},
                                              {"method", "GET"},
                                              {"path", "/teams/me/gallery/{documentid}"},
                                              {"latency_ms", 60}}});
    e2e::TempDir dir;
    VariantWorkflow w;
    w.name = "durable";
    w.concurrency = 1;
    w.max_pending = 1;
    w.sink = "shootbin";
    w.prefix = "durable-";
    const auto file = write_variant_workflow(dir.path(), mock->base_url(), w);
    const auto db = dir.path() / "state.db";
    const auto log = dir.path() / "run.log";
    mock->clear_journal();

    // Each point is a state the run reaches right after a step mark commits.
    const std::vector<std::pair<std::string, std::string>> points = {
        {"after the 2nd upload", marks_where("smile__upload", "done") + " >= 2"},
        {"after the 3rd variant creation", marks_where("smile__variant", "done") + " >= 3"},
        {"waiting for the 4th variant", marks_where("smile__variant", "done") + " >= 4 AND " +
                                             marks_where("smile__wait", "parked") + " >= 1"},
        {"waiting for the 6th upload's faces",
         marks_where("smile__upload", "done") + " >= 6 AND " + marks_where("smile__faces", "parked") + " >= 1"},
    };
    for (const auto& [what, condition] : points) {
        CAPTURE(what);
        e2e::Child child({"run", file.string(), "--state", db.string()}, log);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        bool killed = false;
        while (child.running()) {
            if (state_count(db, "SELECT " + condition) == 1) {
                child.signal(SIGKILL);
                CHECK(child.wait(std::chrono::seconds(10)) == 128 + SIGKILL);
                killed = true;
                break;
            }
            if (std::chrono::steady_clock::now() > deadline) FAIL("the run did not reach the point");
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        CHECK_MESSAGE(killed, e2e::read_file(log));
    }
    // `state jobs` shows what is in flight: at least the wait the last run
    // was killed in, with the provider's id and its next check.
    {
        const auto listing = dir.path() / "jobs.json";
        e2e::Child jobs({"state", "jobs", "durable", "--json", "--state", db.string()}, listing);
        REQUIRE(jobs.wait(std::chrono::seconds(20)) == 0);
        const json::value parsed = json::parse(e2e::read_file(listing));
        const json::array& list = parsed.at("jobs").as_array();
        CHECK(!list.empty());
        bool parked_faces = false;
        for (const auto& job : list) {
            if (job.at("step") != "smile__faces" || job.at("status") != "parked") continue;
            parked_faces = true;
            CHECK(!job.at("provider_id").as_string().empty());
            CHECK(job.at("next_check_at").is_string());
            CHECK(job.at("connection") == "gp");
        }
        CHECK(parked_faces);
    }
    // The resume finishes the jobs it finds in the state.
    e2e::Child last({"run", file.string(), "--state", db.string()}, log);
    CHECK_MESSAGE(last.wait(std::chrono::seconds(60)) == 0, e2e::read_file(log));

    CHECK(count_in_journal(*mock, &is_upload) == kPhotos);
    CHECK(count_in_journal(*mock, &is_variant_creation) == kPhotos);
    const auto album = e2e::album_uploads(*mock, "durable-");
    CHECK(album.size() == static_cast<std::size_t>(kPhotos));
    for (const auto& [name, copies] : album) {
        CAPTURE(name);
        CHECK(copies == 1);
    }
    CHECK(state_count(db, "SELECT count(*) FROM step_marks WHERE status IN ('pending', 'parked')") == 0);

    // A re-run over the same favorites creates nothing.
    mock->clear_journal();
    e2e::Child again({"run", file.string(), "--state", db.string()}, log);
    CHECK(again.wait(std::chrono::seconds(60)) == 0);
    CHECK(count_in_journal(*mock, &is_upload) == 0);
    CHECK(count_in_journal(*mock, &is_variant_creation) == 0);
}

namespace {

int shootbin_uploads(const testing::MockServer& mock) {
    int n = 0;
    for (const auto& e : mock.journal())
        n += e.at("method") == "POST" && std::string(e.at("path").as_string()).find("/shootbin/") == 0 &&
                     std::string(e.at("path").as_string()).find("/photos") != std::string::npos
                 ? 1
                 : 0;
    return n;
}

void state_exec(const e2e::fs::path& db, const std::string& sql) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message);
    const std::string error = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(handle);
    REQUIRE_MESSAGE(rc == SQLITE_OK, error);
}

}  // namespace

TEST_CASE("e2e durable: a creating step left pending is resolved through the plugin's lookup, not called again") {
    auto mock = e2e::start_mock(3);
    e2e::TempDir dir;
    std::ostringstream t;
    t << "[workflow]\nname = \"copy-first\"\n\n"
      << "[connections.hp]\nplugin = \"headshotpro\"\nbase_url = \"" << mock->base_url()
      << "/headshotpro\"\napi_key = \"mock-token\"\n\n"
      << "[connections.sb]\nplugin = \"shootbin\"\nbase_url = \"" << mock->base_url()
      << "/shootbin\"\ntoken = \"mock-token\"\n\n"
      << "[connections.out]\nplugin = \"files\"\ndir = \"" << (dir.path() / "out").string() << "\"\n\n"
      << "[source]\nconnection = \"hp\"\nstream = \"org_favorites\"\n\n"
      << "[[steps]]\nuse = \"download\"\n\n"
      << "[[steps]]\nid = \"copy\"\nuse = \"invoke\"\nconnection = \"sb\"\noperation = \"upload_photo\"\nsend_bytes = true\n"
      << "params = { project = 1, album = 12, client_original_filename = \"copy-{id}.jpg\" }\n\n"
      << "[[sinks]]\nconnection = \"out\"\naction = \"write\"\nparams = { name = \"{id}.jpg\", metadata = { copy = \"{steps.copy.id}\" } }\n";
    const auto file = dir.path() / "copy-first.toml";
    std::ofstream(file) << t.str();
    const auto db = dir.path() / "state.db";
    auto store = state::open_sqlite_state_store(db);
    const auto first = engine::run_workflow(e2e::load(file), testing::built_plugins(), store.get(), engine::RunOptions{});
    REQUIRE(first.synced == 3);
    CHECK(shootbin_uploads(*mock) == 3);
    CHECK(store->open_step_marks("copy-first").empty());
    store.reset();

    // As if every run had died during the upload call: the marks are pending
    // and the records not synced. The uploads did happen.
    state_exec(db, "UPDATE step_marks SET status = 'pending', result_json = ''; DELETE FROM ledger; "
                   "DELETE FROM checkpoints;");
    store = state::open_sqlite_state_store(db);
    CHECK(store->open_step_marks("copy-first").size() == 3);
    mock->clear_journal();
    const auto resumed = engine::run_workflow(e2e::load(file), testing::built_plugins(), store.get(), engine::RunOptions{});
    CHECK(resumed.synced == 3);
    CHECK(shootbin_uploads(*mock) == 0);  // found by client_original_filename instead
    CHECK(store->open_step_marks("copy-first").empty());
    CHECK(e2e::album_uploads(*mock, "copy-").size() == 3);
    for (const auto& [name, copies] : e2e::album_uploads(*mock, "copy-")) CHECK(copies == 1);

    // Without marks the step would have uploaded again: the marks are what
    // kept it to one.
    state_exec(db, "DELETE FROM step_marks; DELETE FROM ledger; DELETE FROM checkpoints;");
    mock->clear_journal();
    const auto forgetful = engine::run_workflow(e2e::load(file), testing::built_plugins(), store.get(), engine::RunOptions{});
    CHECK(forgetful.synced == 3);
    CHECK(shootbin_uploads(*mock) == 3);
}
