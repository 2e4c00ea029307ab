// What the plugin contract suites (tests/plugin_*) share on top of the
// public harness (<photobridge/testing.hpp>, which they use as plugin
// authors do): the journal's entries, the CallError a call must fail with, the photobridge CLI's JSON
// output, and small images. Each suite
// keeps its provider's own bits (config, documented ids and examples) in its
// helpers header and brings these in with `using namespace
// photobridge::testing::contract;` (a namespace of its own, so that
// argument-dependent lookup on PluginUnderTest or MockServer never sets
// these against a suite's helpers of the same name). Header-only.
#pragma once

#include "support/shared_mock.hpp"
#include "support/shell_command.hpp"

#include <photobridge/testing.hpp>

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace photobridge::testing::contract {

using photobridge::testing::CallError;
using photobridge::testing::FaultRules;
using photobridge::testing::MockServer;
using photobridge::testing::PluginUnderTest;
using photobridge::testing::stream_page;

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

// The failure of `f`, which must throw testing::CallError; the case fails
// when it returns. Callable from any thread of the case.
template <class F>
CallError failure_of(F&& f) {
    try {
        std::forward<F>(f)();
    } catch (const CallError& e) {
        return e;
    }
    FAIL("expected a CallError: the call succeeded but should have failed");
    return CallError(0, "unreachable", 0, {}, 0);
}

// The stdout of `cli ARGS` (stderr discarded) as JSON; fails the case
// unless the command exits with 0.
inline boost::json::value cli_json(const std::string& cli, const std::string& args) {
    const CommandResult r = run_program(cli, args, "2>/dev/null");
    REQUIRE(r.exit_code == 0);
    return boost::json::parse(r.out);
}

inline std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

// A query string's parameters ("name=value"), sorted: what a request sends,
// whatever the order (it means nothing to the server; a provider file puts
// its paging parameters after its own query).
inline std::vector<std::string> query_params(std::string_view query) {
    std::vector<std::string> params;
    while (!query.empty()) {
        const auto amp = query.find('&');
        params.emplace_back(query.substr(0, amp));
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    }
    std::sort(params.begin(), params.end());
    return params;
}

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
