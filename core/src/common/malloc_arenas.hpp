// How many malloc arenas a photobridge process keeps (glibc).
#pragma once

namespace photobridge::common {

// Caps glibc's malloc arenas at twice the cores, but at least 16 and never
// more than glibc's own default (8 per core), unless MALLOC_ARENA_MAX is set
// (the user's choice wins). Each arena keeps the freed photo buffers of the
// threads that use it, so on a machine with many cores glibc's default
// would let memory follow the core count. Below 16 the busy threads of a
// run start sharing arenas and wait on each other's malloc locks: with 4
// arenas one re-run in four of an unchanged 100k source took twice as long
// (bench/RESULTS.md, "Sync speed", fourth step).
// Call once at the start of main(), before any thread starts.
void bound_malloc_arenas() noexcept;

// The cap bound_malloc_arenas sets on a machine with `cores` cores (0 is
// taken as 1).
unsigned malloc_arena_cap(unsigned cores) noexcept;

}  // namespace photobridge::common
