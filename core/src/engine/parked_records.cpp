#include "engine/parked_records.hpp"

#include <algorithm>

namespace photobridge::engine {

void ParkedRecords::park(RunPtr run, Clock::time_point due) {
    {
        std::lock_guard lock(mutex_);
        parked_.emplace(due, std::move(run));
    }
    changed_.notify_all();
}

void ParkedRecords::wait_for_slot(RunPtr run, const std::string& connection) {
    std::lock_guard lock(mutex_);
    waiting_[connection].push_back(std::move(run));
    ++waiting_count_;
}

void ParkedRecords::slot_released(const std::string& connection) {
    {
        std::lock_guard lock(mutex_);
        const auto it = waiting_.find(connection);
        if (it == waiting_.end() || it->second.empty()) return;
        parked_.emplace(Clock::now(), std::move(it->second.front()));
        it->second.pop_front();
        --waiting_count_;
    }
    changed_.notify_all();
}

ParkedRecords::RunPtr ParkedRecords::take_due() {
    std::lock_guard lock(mutex_);
    if (parked_.empty() || parked_.begin()->first > Clock::now()) return nullptr;
    RunPtr run = std::move(parked_.begin()->second);
    parked_.erase(parked_.begin());
    return run;
}

std::vector<ParkedRecords::RunPtr> ParkedRecords::take_all() {
    std::vector<RunPtr> out;
    std::lock_guard lock(mutex_);
    for (auto& [_, run] : parked_) out.push_back(std::move(run));
    parked_.clear();
    for (auto& [_, queue] : waiting_)
        for (auto& run : queue) out.push_back(std::move(run));
    waiting_.clear();
    waiting_count_ = 0;
    return out;
}

bool ParkedRecords::admits_new() const {
    std::lock_guard lock(mutex_);
    return waiting_count_ == 0;
}

bool ParkedRecords::empty() const {
    std::lock_guard lock(mutex_);
    return parked_.empty() && waiting_count_ == 0;
}

std::size_t ParkedRecords::parked() const {
    std::lock_guard lock(mutex_);
    return parked_.size();
}

ParkedRecords::Clock::duration ParkedRecords::until_next_due(Clock::duration cap) const {
    std::lock_guard lock(mutex_);
    if (parked_.empty()) return cap;
    const auto left = parked_.begin()->first - Clock::now();
    return std::clamp(left, Clock::duration::zero(), cap);
}

void ParkedRecords::wait(Clock::duration at_most) {
    std::unique_lock lock(mutex_);
    const auto until = Clock::now() + at_most;
    const auto next = parked_.empty() ? until : std::min(until, parked_.begin()->first);
    changed_.wait_until(lock, next);
}

}  // namespace photobridge::engine
