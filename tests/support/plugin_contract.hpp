// What the plugin contract suites (tests/plugin_*) share: fault rules held
// in a mock for a scope, the journal's entries, one stream page through the
// host, the InvokeError a call must fail with, the photobridge CLI's JSON
// output, and small images. Each suite
// keeps its provider's own bits (config, documented ids and examples) in its
// helpers header and brings these in with `using namespace
// photobridge::testing::contract;` (a namespace of its own, so that
// argument-dependent lookup on PluginUnderTest or MockServer never sets
// these against a suite's helpers of the same name). Header-only.
#pragma once

#include "support/harness.hpp"
#include "support/shell_command.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace photobridge::testing::contract {

using photobridge::host::InvokeError;
using photobridge::testing::PluginUnderTest;
#ifdef PHOTOBRIDGE_HAVE_MOCK
using photobridge::testing::MockServer;
#endif

#ifdef PHOTOBRIDGE_HAVE_MOCK
// Fault rules loaded into `mock` (POST /__admin/faults) for the lifetime of
// the guard, removed by the destructor.
struct FaultRules {
    FaultRules(const MockServer& m, const boost::json::array& rules) : mock(m) {
        mock.admin("POST", "/__admin/faults", boost::json::serialize(boost::json::object{{"rules", rules}}));
    }
    ~FaultRules() { mock.admin("DELETE", "/__admin/faults"); }
    FaultRules(const FaultRules&) = delete;
    FaultRules& operator=(const FaultRules&) = delete;
    const MockServer& mock;
};

// A shared mock (shared_mock) reset (journal, dataset, fault rules) for the
// case that starts with it.
inline const MockServer& fresh(MockServer& mock) {
    mock.reset();
    return mock;
}

// The journal's only entry (the case clears the journal before the call);
// fails the case when there is not exactly one.
inline boost::json::object only_request(const MockServer& mock) {
    const boost::json::array j = mock.journal();
    REQUIRE(j.size() == 1);
    return j.front().as_object();
}

// The journal entries of `provider`'s requests (admin calls left out).
inline boost::json::array provider_requests(const MockServer& mock, std::string_view provider) {
    boost::json::array out;
    for (auto& e : mock.journal())
        if (const auto* p = e.as_object().at("provider").if_string(); p && *p == provider) out.push_back(e);
    return out;
}
#endif

// One stream page through the host: {"records", "next_cursor", "total"}.
inline boost::json::object stream_page(const PluginUnderTest& p, std::string_view stream, boost::json::object params,
                                boost::json::value cursor = nullptr, boost::json::value page_size = nullptr) {
    auto r = p.call(stream, boost::json::object{{"params", std::move(params)}, {"cursor", cursor}, {"page_size", page_size}});
    REQUIRE(r.json.is_object());
    return r.json.as_object();
}

// The failure of `f`, which must throw host::InvokeError; the case fails
// when it returns. Callable from any thread of the case.
template <class F>
InvokeError failure_of(F&& f) {
    try {
        std::forward<F>(f)();
    } catch (const InvokeError& e) {
        return e;
    }
    FAIL("expected an InvokeError: the call succeeded but should have failed");
    return InvokeError(0, "unreachable");
}

// The stdout of `cli ARGS` (stderr discarded) as JSON; fails the case
// unless the command exits with 0.
inline boost::json::value cli_json(const std::string& cli, const std::string& args) {
    const CommandResult r = run_program(cli, args, "2>/dev/null");
    REQUIRE(r.exit_code == 0);
    return boost::json::parse(r.out);
}

inline std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

// Whether a journal entry carries a header (names are lower case there).
inline bool has_header(const boost::json::object& entry, const std::string& lower_name) {
    return entry.at("headers").as_object().contains(lower_name);
}

inline bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// A 1x1 PNG.
inline std::string png_bytes() {
    static const unsigned char png[] = {
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00,
        0x0C, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x60, 0xE0, 0xE0, 0x00, 0x00, 0x00, 0x84, 0x00, 0x41, 0xE1,
        0x8D, 0xAF, 0x27, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
    return std::string(reinterpret_cast<const char*>(png), sizeof png);
}

inline bool is_png(std::string_view bytes) { return bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8); }

// `size` bytes (at least 6) that sniff as JPEG: the SOI marker first, EOI last.
inline std::string jpeg_bytes(std::size_t size = 256, char fill = 'j') {
    std::string bytes("\xFF\xD8\xFF\xE0", 4);
    bytes.resize(size - 2, fill);
    bytes.append("\xFF\xD9", 2);
    return bytes;
}

}  // namespace photobridge::testing::contract
