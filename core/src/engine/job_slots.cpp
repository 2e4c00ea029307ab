#include "engine/job_slots.hpp"

namespace photobridge::engine {

bool JobSlots::try_acquire(const std::string& connection) {
    std::lock_guard lock(mutex_);
    int& used = used_[connection];
    if (used >= limit_) return false;
    ++used;
    return true;
}

void JobSlots::release(const std::string& connection) {
    std::lock_guard lock(mutex_);
    if (auto it = used_.find(connection); it != used_.end() && it->second > 0) --it->second;
}

int JobSlots::in_use(const std::string& connection) const {
    std::lock_guard lock(mutex_);
    const auto it = used_.find(connection);
    return it == used_.end() ? 0 : it->second;
}

}  // namespace photobridge::engine
