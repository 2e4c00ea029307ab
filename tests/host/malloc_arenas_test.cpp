// The malloc arena cap of photobridge and photobridge-plugin-host
// (common/malloc_arenas.hpp): never below 16, where a run's busy threads
// would share arenas and wait on each other's locks, and never above
// glibc's own default of 8 per core.
#include "common/malloc_arenas.hpp"

#include <doctest/doctest.h>

using photobridge::common::malloc_arena_cap;

TEST_CASE("malloc arenas: 16 on small machines, twice the cores on large ones, never above glibc's 8 per core") {
    CHECK(malloc_arena_cap(0) == 8);  // unknown core count: one core
    CHECK(malloc_arena_cap(1) == 8);
    CHECK(malloc_arena_cap(2) == 16);
    CHECK(malloc_arena_cap(8) == 16);
    CHECK(malloc_arena_cap(12) == 24);
    CHECK(malloc_arena_cap(64) == 128);
}
