#include "engine/page_tracker.hpp"

#include <chrono>
#include <stdexcept>

namespace photobridge::engine {

PageTracker::PageTracker(state::Checkpoint start, Saver saver) : saver_(std::move(saver)), checkpoint_(std::move(start)) {
    checkpoint_.complete = false;
}

std::uint64_t PageTracker::add_page(std::optional<std::string> next_cursor, std::size_t records,
                                    std::optional<std::string> high_water) {
    std::lock_guard lock(mutex_);
    Page page;
    page.number = next_number_++;
    page.next_cursor = std::move(next_cursor);
    page.records = records;
    page.outstanding = records;
    page.high_water = std::move(high_water);
    pages_.push_back(std::move(page));
    advance_locked();  // an empty page is done at once
    return next_number_ - 1;
}

void PageTracker::records_settled(std::uint64_t page, std::size_t count) {
    std::lock_guard lock(mutex_);
    if (page < first_number_ || page >= first_number_ + pages_.size())
        throw std::logic_error("PageTracker: record settled for a page that is not tracked");
    Page& p = pages_[page - first_number_];
    if (count > p.outstanding) throw std::logic_error("PageTracker: more records settled than the page holds");
    p.outstanding -= count;
    if (p.outstanding == 0 && page == first_number_) advance_locked();
}

void PageTracker::advance_locked() {
    bool moved = false;
    while (!pages_.empty() && pages_.front().outstanding == 0) {
        Page& done = pages_.front();
        checkpoint_.cursor = done.next_cursor;
        checkpoint_.pages += 1;
        checkpoint_.records += static_cast<std::int64_t>(done.records);
        if (done.high_water && (!checkpoint_.high_water || *checkpoint_.high_water < *done.high_water))
            checkpoint_.high_water = done.high_water;
        checkpoint_.complete = !done.next_cursor.has_value();
        pages_.pop_front();
        ++first_number_;
        moved = true;
    }
    if (!moved) return;
    room_.notify_all();
    if (saver_) saver_(checkpoint_);
}

bool PageTracker::wait_for_room(std::size_t limit, const host::CancellationToken* stop) {
    std::unique_lock lock(mutex_);
    while (pages_.size() > limit) {
        if (stop != nullptr && stop->cancelled()) return false;
        room_.wait_for(lock, std::chrono::milliseconds(50));
    }
    return stop == nullptr || !stop->cancelled();
}

state::Checkpoint PageTracker::checkpoint() const {
    std::lock_guard lock(mutex_);
    return checkpoint_;
}

std::size_t PageTracker::pages_tracked() const {
    std::lock_guard lock(mutex_);
    return pages_.size();
}

std::int64_t PageTracker::records_done() const {
    std::lock_guard lock(mutex_);
    std::int64_t n = checkpoint_.records;
    for (const auto& p : pages_) n += static_cast<std::int64_t>(p.records - p.outstanding);
    return n;
}

}  // namespace photobridge::engine
