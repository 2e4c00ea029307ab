// plugin.h compiles as C11, C17, C++17 and C++20 (-pedantic -Werror, see
// CMakeLists.txt) and every language sees the same layout.
#include <doctest/doctest.h>

#include <array>
#include <cstddef>

extern "C" {
#define ABI_LAYOUT_FN abi_layout_cxx20
#include "abi_layout.c"
#undef ABI_LAYOUT_FN
void abi_layout_c11(size_t out[27]);
void abi_layout_c17(size_t out[27]);
void abi_layout_cxx17(size_t out[27]);
}

namespace {
std::array<size_t, 27> layout(void (*fn)(size_t*)) {
    std::array<size_t, 27> out{};
    fn(out.data());
    return out;
}
}  // namespace

TEST_CASE("C11, C17, C++17 and C++20 agree on every struct size and offset") {
    const auto reference = layout(abi_layout_cxx20);
    CHECK(layout(abi_layout_c11) == reference);
    CHECK(layout(abi_layout_c17) == reference);
    CHECK(layout(abi_layout_cxx17) == reference);
}

TEST_CASE("the documented 64-bit layout holds") {
    const auto l = layout(abi_layout_cxx20);
    CHECK(l[0] == 1112);  // pb_error
    CHECK(l[8] == 56);    // pb_host
    CHECK(l[10] == 80);   // pb_plugin_descriptor
}

TEST_CASE("ABI 1.1 changed no 1.0 layout, and the extension tables have theirs") {
    const auto l = layout(abi_layout_cxx20);
    CHECK(l[9] == 48);   // pb_host.get_extension
    CHECK(l[11] == 64);  // pb_plugin_descriptor.invoke
    CHECK(l[12] == 24);  // pb_ext_webhook_verifier
    CHECK(l[13] == 16);  // pb_ext_webhook_verifier.verify
    CHECK(l[14] == 16);  // pb_ext_media_download
    CHECK(l[15] == 8);   // pb_ext_media_download.download
    CHECK(l[16] == 24);  // pb_ext_sink_lookup
    CHECK(l[17] == 8);   // pb_ext_sink_lookup.can_find
    CHECK(l[18] == 16);  // pb_ext_sink_lookup.find
}

TEST_CASE("ABI 1.2 changed no earlier layout and adds the step-check and plugin-factory tables") {
    const auto l = layout(abi_layout_cxx20);
    CHECK(l[8] == 56);   // pb_host
    CHECK(l[10] == 80);  // pb_plugin_descriptor
    CHECK(l[19] == 16);  // pb_ext_step_check
    CHECK(l[20] == 8);   // pb_ext_step_check.check
    CHECK(l[21] == 40);  // pb_ext_plugin_factory
    CHECK(l[22] == 16);  // pb_ext_plugin_factory.open
    CHECK(l[23] == 24);  // pb_ext_plugin_factory.create
    CHECK(l[24] == 32);  // pb_ext_plugin_factory.validate
}

TEST_CASE("ABI 1.3 keeps every earlier field where it was and appends the body pieces and the sink reserve") {
    const auto l = layout(abi_layout_cxx20);
    CHECK(l[6] == 56);   // pb_http_request.timeout_ms, as in 1.0
    CHECK(l[25] == 64);  // pb_http_request.body_pieces: right after the 1.0 struct
    CHECK(l[26] == 72);  // pb_http_request.body_piece_count
    CHECK(l[5] == 80);   // pb_http_request
    CHECK(l[2] == 32);   // pb_sink, with `reserve` after the 1.0 fields (24 bytes)
}
