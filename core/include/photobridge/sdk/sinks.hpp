// pb_sink implementations over C++ containers. Used by the SDK (to receive
// HTTP bodies) and by the host (to receive invoke results).
#pragma once

#include <photobridge/plugin.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <string>

namespace photobridge::sdk {

// A pb_sink that appends into a std::string it owns. Refuses (write returns
// 1) once more than `limit` bytes would be held. Not thread-safe: one
// producer at a time, as the ABI requires.
class StringSink {
public:
    explicit StringSink(std::size_t limit = std::numeric_limits<std::size_t>::max()) : limit_(limit) {
        sink_.struct_size = sizeof(pb_sink);
        sink_.ctx = this;
        sink_.write = &StringSink::write;
        sink_.reserve = [](pb_sink* sink, std::size_t total) noexcept { static_cast<StringSink*>(sink->ctx)->reserve(total); };
    }
    StringSink(const StringSink&) = delete;
    StringSink& operator=(const StringSink&) = delete;

    pb_sink* get() noexcept { return &sink_; }
    const std::string& str() const noexcept { return data_; }
    std::string take() noexcept { return std::move(data_); }
    bool overflowed() const noexcept { return overflowed_; }

    // Makes room for `size` bytes in all, up to the limit and at most
    // kMaxReserve, so that a body announced by its Content-Length lands in
    // one allocation instead of a doubling series of copies. A hint: when
    // the memory is not there, the sink grows as bytes arrive.
    static constexpr std::size_t kMaxReserve = 64u * 1024 * 1024;
    void reserve(std::size_t size) noexcept {
        size = std::min({size, limit_, kMaxReserve});
        if (size <= data_.capacity()) return;
        try {
            data_.reserve(size);
        } catch (...) {
        }
    }

private:
    static int write(pb_sink* sink, const void* data, std::size_t size) noexcept {
        auto* self = static_cast<StringSink*>(sink->ctx);
        if (size > self->limit_ - self->data_.size()) {
            self->overflowed_ = true;
            return 1;
        }
        try {
            self->data_.append(static_cast<const char*>(data), size);
        } catch (...) {
            self->overflowed_ = true;
            return 1;
        }
        return 0;
    }

    pb_sink sink_{};
    std::string data_;
    std::size_t limit_;
    bool overflowed_ = false;
};

// Tells a caller's sink that about `total` bytes in all are coming, when
// it takes the hint (ABI 1.3 sinks; older ones are left alone).
inline void reserve_in_sink(pb_sink* sink, std::size_t total) noexcept {
    if (sink == nullptr || sink->struct_size < offsetof(pb_sink, reserve) + sizeof sink->reserve ||
        sink->reserve == nullptr)
        return;
    sink->reserve(sink, total);
}

// Writes all of `text` into a caller's sink. Returns false when the sink
// refused. A NULL sink accepts and discards everything.
inline bool write_to_sink(pb_sink* sink, const void* data, std::size_t size) noexcept {
    if (sink == nullptr || size == 0) return true;
    return sink->write(sink, data, size) == 0;
}

}  // namespace photobridge::sdk
