// Ledger keys and content hashes of realistic shapes for the state
// benchmarks: "headshotpro:ph_<24 hex>" (ids that do not sort like their
// index) and 64-hex content hashes, the same for the same index.
#pragma once

#include <cstdint>
#include <string>

namespace photobridge::bench {

inline std::uint64_t mix(std::uint64_t x) {  // splitmix64: ids that do not sort like their index
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

inline std::string hex(std::uint64_t v, int digits) {
    static const char* d = "0123456789abcdef";
    std::string out(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = d[v & 15];
    return out;
}

// Realistic shapes: "headshotpro:ph_<24 hex>", a sha256-sized content hash.
inline std::string key_of(std::int64_t i) {
    return "headshotpro:ph_" + hex(mix(static_cast<std::uint64_t>(i)), 16) + hex(static_cast<std::uint64_t>(i), 8);
}
inline std::string hash_of(std::int64_t i) {
    const auto a = mix(static_cast<std::uint64_t>(i) * 3 + 1);
    return hex(a, 16) + hex(mix(a), 16) + hex(mix(a + 1), 16) + hex(mix(a + 2), 16);
}

}  // namespace photobridge::bench
