#include "common/malloc_arenas.hpp"

#include <algorithm>
#include <cstdlib>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace photobridge::common {

void bound_malloc_arenas() noexcept {
#if defined(M_ARENA_MAX)
    if (std::getenv("MALLOC_ARENA_MAX") != nullptr) return;
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    mallopt(M_ARENA_MAX, static_cast<int>(std::clamp(2 * cores, 4u, 16u)));
#endif
}

}  // namespace photobridge::common
