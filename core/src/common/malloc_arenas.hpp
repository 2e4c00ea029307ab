// How many malloc arenas a photobridge process keeps (glibc).
#pragma once

namespace photobridge::common {

// Caps glibc's malloc arenas at twice the cores, at least 4 and at most 16,
// unless MALLOC_ARENA_MAX is set (the user's choice wins). glibc's default
// (8 per core) gives nearly every worker thread its own arena, and each
// keeps the freed photo buffers of its thread: with 2 MB photos at
// concurrency 8 the engine peaked at 137 MB, 105 MB with 4 arenas, at the
// same CPU (bench/RESULTS.md, "Sync speed", third step).
// Call once at the start of main(), before any thread starts.
void bound_malloc_arenas() noexcept;

}  // namespace photobridge::common
