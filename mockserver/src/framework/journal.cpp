#include "journal.hpp"

#include <algorithm>

#include <boost/json.hpp>

namespace photobridge::mock {

Journal::Journal(std::size_t capacity)
    : capacity_(capacity), slots_(capacity ? std::make_unique<Slot[]>(capacity) : nullptr) {}

void Journal::record(JournalEntry entry) {
    if (capacity_ == 0) return;
    entry.sequence = next_sequence_.fetch_add(1, std::memory_order_relaxed) + 1;
    Slot& slot = slots_[(entry.sequence - 1) % capacity_];
    {
        std::lock_guard lock(slot.mutex);
        // An older writer of this slot that got its ticket earlier but ran
        // later must not overwrite a newer entry.
        if (slot.entry.sequence > entry.sequence) return;
        std::swap(slot.entry, entry);
    }
    // `entry` now holds the evicted entry; it is destroyed outside the lock.
}

std::vector<JournalEntry> Journal::snapshot() const {
    std::vector<JournalEntry> out;
    if (capacity_ == 0) return out;
    const std::uint64_t last = next_sequence_.load(std::memory_order_relaxed);
    const std::uint64_t first = last > capacity_ ? last - capacity_ + 1 : 1;
    out.reserve(static_cast<std::size_t>(last - first + 1));
    for (std::uint64_t seq = first; seq <= last; ++seq) {
        const Slot& slot = slots_[(seq - 1) % capacity_];
        std::lock_guard lock(slot.mutex);
        if (slot.entry.sequence == seq) out.push_back(slot.entry);  // skips slots still being written
    }
    return out;
}

void Journal::clear() {
    for (std::size_t i = 0; i < capacity_; ++i) {
        std::lock_guard lock(slots_[i].mutex);
        slots_[i].entry = JournalEntry{};
    }
    next_sequence_.store(0, std::memory_order_relaxed);
}

boost::json::value to_json(const JournalEntry& e) {
    boost::json::object o;
    o["sequence"] = e.sequence;
    o["time_unix_ms"] = e.time_unix_ms;
    o["method"] = e.method;
    o["path"] = e.path;
    o["query"] = e.query;
    boost::json::object headers;
    for (const auto& [name, value] : e.headers) {
        auto it = headers.find(name);
        if (it == headers.end()) headers[name] = value;
        else it->value() = boost::json::string(std::string(it->value().as_string()) + ", " + value);
    }
    o["headers"] = std::move(headers);
    o["body_size"] = e.body_size;
    o["provider"] = e.provider;
    o["matched"] = e.matched.empty() ? boost::json::value(nullptr) : boost::json::value(e.matched);
    o["status"] = e.status;
    o["fault"] = e.fault.empty() ? boost::json::value(nullptr) : boost::json::value(e.fault);
    return o;
}

bool is_credential_header(std::string_view n) {
    return n == "authorization" || n == "x-auth-token" || n == "proxy-authorization" || n == "cookie" ||
           n == "x-api-key";
}

std::string mask_secret(std::string text, std::string_view secret) {
    if (secret.empty()) return text;
    for (std::size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 10))
        text.replace(pos, secret.size(), "[REDACTED]");
    return text;
}

std::string to_lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace photobridge::mock
