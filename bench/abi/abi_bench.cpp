// Costs of the plugin boundary (figures in bench/RESULTS.md):
//   BM_NoopRoundTrip        hello.noop: 1 KB of JSON text in and out through
//                           the C ABI, nothing parsed (the ABI's own cost).
//   BM_NoopRoundTripIsolated  the same call to hello in a photobridge-plugin-host
//                           child (isolation = "process"): the socket round
//                           trip, framing and thread hand-offs on both sides.
//   BM_TypedEchoRoundTrip   hello.echo through PluginInstance::invoke: the
//                           same 1 KB as json::value both ways (four JSON passes).
//   BM_JsonParseOneKilobyte one Boost.JSON parse of that 1 KB, for scale.
//   BM_LoadAndDescribeAll dlopen + entry + descriptor checks + manifest parse
//                         for every plugin of the build, then unload.
#include "host/plugin_instance.hpp"
#include "host/plugin_registry.hpp"

#include <photobridge/sdk/sinks.hpp>

#include <benchmark/benchmark.h>

#include <string>

using namespace photobridge;

namespace {

// A ~1 KB JSON object of mixed fields, like a small canonical record.
boost::json::object one_kilobyte_request() {
    boost::json::object o;
    o["id"] = "507f1f77bcf86cd799439022";
    o["provider"] = "headshotpro";
    o["person"] = boost::json::object{{"id", "user_abc123"}, {"email", "john@example.com"}, {"name", "John Doe"}};
    boost::json::array media;
    for (int i = 0; i < 6; ++i)
        media.push_back(boost::json::object{{"variant", "v" + std::to_string(i)},
                                            {"url", "https://cdn.example.com/photos/abc123_" + std::to_string(i) + ".jpg?signature=0123456789abcdef"},
                                            {"width", 1024}, {"height", 1280}});
    o["media"] = std::move(media);
    o["note"] = std::string(1024 - boost::json::serialize(o).size() - 10, 'x');
    return o;
}

const host::PluginRegistry& registry() {
    static const host::PluginRegistry r = [] {
        host::PluginRegistry reg;
        reg.load_directory(PHOTOBRIDGE_PLUGIN_OUTPUT_DIR);
        return reg;
    }();
    return r;
}

// The ABI round trip: 1 KB of JSON text in, the same 1 KB out, through
// create/invoke sinks and error structs, nothing parsed (hello.noop is a raw
// operation and invoke_text does not parse).
void BM_NoopRoundTrip(benchmark::State& state) {
    host::PluginInstance hello(registry().find("hello"), {});
    const std::string request = boost::json::serialize(one_kilobyte_request());
    state.counters["request_bytes"] = static_cast<double>(request.size());
    for (auto _ : state) {
        host::InvokeTextResult r = hello.invoke_text("noop", request);
        benchmark::DoNotOptimize(r.json_text.data());
    }
}
BENCHMARK(BM_NoopRoundTrip);

void BM_NoopRoundTripIsolated(benchmark::State& state) {
    host::InstanceOptions options;
    options.isolation = host::IsolationSettings{};
    host::PluginInstance hello(registry().find("hello"), {}, std::move(options));
    const std::string request = boost::json::serialize(one_kilobyte_request());
    state.counters["request_bytes"] = static_cast<double>(request.size());
    for (auto _ : state) {
        host::InvokeTextResult r = hello.invoke_text("noop", request);
        benchmark::DoNotOptimize(r.json_text.data());
    }
}
BENCHMARK(BM_NoopRoundTripIsolated)->Unit(benchmark::kMicrosecond);

// The typed path a plugin author gets by default: the host serialises a
// json::value, the SDK parses and validates it, the handler copies it into
// its result, the SDK serialises it and the host parses it back.
void BM_TypedEchoRoundTrip(benchmark::State& state) {
    host::PluginInstance hello(registry().find("hello"), {});
    const boost::json::value request = one_kilobyte_request();
    for (auto _ : state) {
        host::InvokeResult r = hello.invoke("echo", request);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_TypedEchoRoundTrip);

// For scale: one Boost.JSON parse of the same 1 KB, the unit the typed path pays four times.
void BM_JsonParseOneKilobyte(benchmark::State& state) {
    const std::string text = boost::json::serialize(one_kilobyte_request());
    for (auto _ : state) {
        boost::json::value v = boost::json::parse(text);
        benchmark::DoNotOptimize(v);
    }
}
BENCHMARK(BM_JsonParseOneKilobyte);

void BM_LoadAndDescribeAll(benchmark::State& state) {
    std::size_t count = 0;
    for (auto _ : state) {
        host::PluginRegistry r;
        r.load_directory(PHOTOBRIDGE_PLUGIN_OUTPUT_DIR);
        count = r.plugins().size();
        for (const auto& p : r.plugins()) benchmark::DoNotOptimize(p->manifest->document().size());
    }
    state.counters["plugins"] = static_cast<double>(count);
}
BENCHMARK(BM_LoadAndDescribeAll)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
