// One list page of CloudCard photos through the C++ plugin `cloudcard` and
// through the provider file `cloudcard_declarative` (figures in
// bench/RESULTS.md): host::read_page for a page of N records (N = 25, 200,
// 1000) served by an in-process keep-alive HTTP server from one prepared
// body (CloudCard's documented photo, ids changed). The CPU time column is
// the calling thread's: the HTTP client, the plugin's parsing and mapping
// through the C ABI, and the host's reading of the page; the server runs on
// its own threads and is not counted.
#include "host/plugin_instance.hpp"
#include "host/plugin_registry.hpp"
#include "host/stream_pages.hpp"

#include <benchmark/benchmark.h>
#include <httplib.h>

#include <fstream>
#include <sstream>
#include <thread>

using namespace photobridge;
namespace json = boost::json;

namespace {

// The documented example photo, N times with distinct ids.
std::string page_body(std::size_t n) {
    std::ifstream in(PHOTOBRIDGE_SOURCE_DIR "/mockserver/fixtures/cloudcard/get-photo-list.json");
    std::stringstream text;
    text << in.rdbuf();
    const json::value fixture = json::parse(text.str());
    const json::object photo = fixture.at("examples").at(0).at("body").at(0).as_object();
    json::array page;
    for (std::size_t i = 0; i < n; ++i) {
        json::object p = photo;
        p["id"] = static_cast<std::int64_t>(1423442 + i);
        p["status"] = i % 2 == 0 ? "APPROVED" : "PENDING";
        page.push_back(std::move(p));
    }
    return json::serialize(page);
}

class PageServer {
public:
    PageServer() {
        for (std::size_t n : {25, 200, 1000}) bodies_[n] = page_body(n);
        server_.Get("/photo", [this](const httplib::Request& req, httplib::Response& res) {
            const std::size_t n = std::stoul(req.get_param_value("max"));
            res.set_content(bodies_.at(n), "application/json");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~PageServer() {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    std::map<std::size_t, std::string> bodies_;
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

PageServer& server() {
    static PageServer s;
    return s;
}

const host::PluginRegistry& registry() {
    static const host::PluginRegistry r = [] {
        host::PluginRegistry reg;
        reg.load_directory(PHOTOBRIDGE_PLUGIN_OUTPUT_DIR);
        return reg;
    }();
    return r;
}

void list_page(benchmark::State& state, const char* plugin_id) {
    const auto plugin = registry().find(plugin_id);
    if (!plugin) {
        state.SkipWithError("plugin not built");
        return;
    }
    host::PluginInstance instance(plugin, json::object{{"base_url", server().url()}, {"token", "bench-token"}});
    const auto n = static_cast<std::int64_t>(state.range(0));
    std::size_t records = 0;
    for (auto _ : state) {
        host::StreamPage page = host::read_page(instance, "photos", json::object{}, std::nullopt, n);
        records += page.records.size();
        benchmark::DoNotOptimize(page);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(records));
}

void BM_ListPage_Cpp(benchmark::State& state) { list_page(state, "cloudcard"); }
void BM_ListPage_Declarative(benchmark::State& state) { list_page(state, "cloudcard_declarative"); }

}  // namespace

BENCHMARK(BM_ListPage_Cpp)->Arg(25)->Arg(200)->Arg(1000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ListPage_Declarative)->Arg(25)->Arg(200)->Arg(1000)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
