#include "state/lease_counters.hpp"

namespace photobridge::state {

LeaseCounters& lease_counters() noexcept {
    static LeaseCounters counters;
    return counters;
}

}  // namespace photobridge::state
