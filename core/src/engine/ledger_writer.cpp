#include "engine/ledger_writer.hpp"

namespace photobridge::engine {

LedgerWriter::LedgerWriter(state::StateStore& store, std::string workflow)
    : store_(store), workflow_(std::move(workflow)), thread_([this] { loop(); }) {}

LedgerWriter::~LedgerWriter() { close(); }

void LedgerWriter::write(state::LedgerUpdate update, Continuation then) {
    {
        std::lock_guard lock(mutex_);
        if (!stopped_) {
            queue_.push_back(Item{std::move(update), std::move(then)});
            wake_.notify_one();
            return;
        }
        if (failure_.empty()) failure_ = "ledger mark queued after the ledger writer stopped";
    }
    if (then) then(false);
}

bool LedgerWriter::write_and_wait(state::LedgerUpdate update) {
    std::promise<bool> done;
    auto result = done.get_future();
    write(std::move(update), [&done](bool ok) { done.set_value(ok); });
    return result.get();
}

bool LedgerWriter::write_all_and_wait(std::vector<state::LedgerUpdate> updates) {
    if (updates.empty()) return true;
    std::promise<bool> done;
    auto result = done.get_future();
    {
        std::lock_guard lock(mutex_);
        if (stopped_) {
            if (failure_.empty()) failure_ = "ledger mark queued after the ledger writer stopped";
            return false;
        }
        // One continuation for the lot, on the last mark: marks commit in
        // order, so when it runs every one of them is committed.
        auto ok_so_far = std::make_shared<bool>(true);
        for (std::size_t i = 0; i < updates.size(); ++i) {
            Continuation then;
            if (i + 1 < updates.size())
                then = [ok_so_far](bool ok) { *ok_so_far = *ok_so_far && ok; };
            else
                then = [ok_so_far, &done](bool ok) { done.set_value(*ok_so_far && ok); };
            queue_.push_back(Item{std::move(updates[i]), std::move(then)});
        }
    }
    wake_.notify_one();
    return result.get();
}

void LedgerWriter::close() {
    {
        std::lock_guard lock(mutex_);
        if (closing_ && !thread_.joinable()) return;
        closing_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

std::string LedgerWriter::failure() const {
    std::lock_guard lock(mutex_);
    return failure_;
}

std::uint64_t LedgerWriter::commits() const {
    std::lock_guard lock(mutex_);
    return commits_;
}

void LedgerWriter::loop() {
    std::vector<Item> batch;
    std::vector<state::LedgerUpdate> updates;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return closing_ || !queue_.empty(); });
            if (queue_.empty() && closing_) {
                stopped_ = true;
                return;
            }
            batch.swap(queue_);
        }
        updates.clear();
        updates.reserve(batch.size());
        for (const auto& item : batch) updates.push_back(item.update);
        bool ok = true;
        try {
            store_.ledger_write(workflow_, updates);
        } catch (const std::exception& e) {
            ok = false;
            std::lock_guard lock(mutex_);
            if (failure_.empty()) failure_ = std::string("cannot write the ledger: ") + e.what();
        }
        {
            std::lock_guard lock(mutex_);
            ++commits_;
        }
        for (auto& item : batch) {
            if (!item.then) continue;
            try {
                item.then(ok);
            } catch (const std::exception& e) {
                std::lock_guard lock(mutex_);
                if (failure_.empty()) failure_ = std::string("after a ledger write: ") + e.what();
            }
        }
        batch.clear();
    }
}

}  // namespace photobridge::engine
