// Deterministic randomness for dataset synthesis.
//
// Contract: the same (seed, label, index) always yields the same stream on
// every platform, so `--seed S` reproduces a dataset byte for byte. Each
// record draws from its own stream (derived from seed, collection label and
// record index), so record k does not depend on how many records exist.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace photobridge::mock::dataset {

// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, good enough to vary test data.
class SeededRandom {
public:
    explicit SeededRandom(std::uint64_t seed) : state_(seed) {}

    // A stream for one record: mixes the dataset seed, a collection label
    // (e.g. "headshotpro.photo") and the record index.
    static SeededRandom for_record(std::uint64_t seed, std::string_view label, std::uint64_t index) {
        return SeededRandom(mix(mix(seed ^ hash_label(label)) ^ (index * 0x9E3779B97F4A7C15ULL)));
    }

    std::uint64_t next() {
        state_ += 0x9E3779B97F4A7C15ULL;
        return mix(state_);
    }

    // Uniform in [0, bound); bound must be > 0. Modulo bias is irrelevant here.
    std::uint64_t below(std::uint64_t bound) { return next() % bound; }

    // Uniform integer in [low, high] (inclusive); requires low <= high.
    std::int64_t between(std::int64_t low, std::int64_t high) {
        return low + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(high - low) + 1));
    }

    // Uniform in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }

    // True with the given probability in [0, 1].
    bool chance(double probability) { return unit() < probability; }

    template <typename Array>
    const auto& pick(const Array& values) {
        return values[below(std::size(values))];
    }

    // FNV-1a over a label; stable across builds (unlike std::hash).
    static constexpr std::uint64_t hash_label(std::string_view label) {
        std::uint64_t hash = 0xcbf29ce484222325ULL;
        for (char c : label) {
            hash ^= static_cast<unsigned char>(c);
            hash *= 0x100000001b3ULL;
        }
        return hash;
    }

    static constexpr std::uint64_t mix(std::uint64_t z) {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

private:
    std::uint64_t state_;
};

}  // namespace photobridge::mock::dataset
