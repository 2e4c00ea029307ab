// plugin.h compiles as C11, C17, C++17 and C++20 (-pedantic -Werror, see
// CMakeLists.txt) and every language sees the same layout.
#include <doctest/doctest.h>

#include <array>
#include <cstddef>

extern "C" {
#define ABI_LAYOUT_FN abi_layout_cxx20
#include "abi_layout.c"
#undef ABI_LAYOUT_FN
void abi_layout_c11(size_t out[12]);
void abi_layout_c17(size_t out[12]);
void abi_layout_cxx17(size_t out[12]);
}

namespace {
std::array<size_t, 12> layout(void (*fn)(size_t*)) {
    std::array<size_t, 12> out{};
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
