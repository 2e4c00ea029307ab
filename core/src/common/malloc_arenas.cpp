#include "common/malloc_arenas.hpp"

#include <algorithm>
#include <cstdlib>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace photobridge::common {

unsigned malloc_arena_cap(unsigned cores) noexcept {
    cores = std::max(1u, cores);
    return std::min(8 * cores, std::max(2 * cores, 16u));
}

void bound_malloc_arenas() noexcept {
#if defined(M_ARENA_MAX)
    if (std::getenv("MALLOC_ARENA_MAX") != nullptr) return;
    mallopt(M_ARENA_MAX, static_cast<int>(malloc_arena_cap(std::thread::hardware_concurrency())));
#endif
}

}  // namespace photobridge::common
