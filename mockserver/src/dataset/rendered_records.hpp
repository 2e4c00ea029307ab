// Per-record JSON, serialized once per provider base URL.
//
// Records embed absolute URLs that point back at the mock, and the base URL
// is only known per request (MockRequest::provider_base_url). In practice a
// backend sees one base URL, so each record's JSON text is rendered the
// first time a base URL is seen and reused: a page is then a concatenation
// of ready fragments. Thread contract: all members are safe to call
// concurrently; `invalidate` is for backends whose records change.
#pragma once

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

namespace photobridge::mock::dataset {

// An immutable snapshot of rendered records, indexable like a vector. Stored
// in fixed-size chunks shared between snapshots, so that appending one record
// (an upload) or re-rendering one (an update) copies one chunk and the chunk
// pointers, not every record: O(n / kChunk + kChunk) per write instead of
// O(n), which keeps a 100,000-upload benchmark linear. A chunk no older
// snapshot shares is written in place: O(n / kChunk) per write.
class FragmentSnapshot {
public:
    static constexpr std::size_t kChunk = 1024;
    using Chunk = std::vector<std::string>;

    std::size_t size() const noexcept { return size_; }
    const std::string& operator[](std::size_t i) const { return (*chunks_[i / kChunk])[i % kChunk]; }

    // Keeps records [0, count).
    void truncate(std::size_t count) {
        if (count >= size_) return;
        chunks_.resize((count + kChunk - 1) / kChunk);
        if (count % kChunk != 0) {
            auto last = std::make_shared<Chunk>(*chunks_.back());
            last->resize(count % kChunk);
            chunks_.back() = std::move(last);
        }
        size_ = count;
    }
    void push_back(std::string fragment) {
        if (size_ % kChunk == 0) {
            auto chunk = std::make_shared<Chunk>();
            chunk->reserve(kChunk);
            chunks_.push_back(std::move(chunk));
        }
        Chunk& last = owned(chunks_.back());
        last.reserve(kChunk);
        last.push_back(std::move(fragment));
        ++size_;
    }
    void replace(std::size_t i, std::string fragment) { owned(chunks_[i / kChunk])[i % kChunk] = std::move(fragment); }

private:
    // `chunk`, first copied if an older snapshot shares it (copy on write).
    static Chunk& owned(std::shared_ptr<const Chunk>& chunk) {
        if (chunk.use_count() > 1) {
            chunk = std::make_shared<Chunk>(*chunk);
        } else {
            // The last other owner's reads happen before its release of the
            // count we just read; this fence orders our writes after them.
            std::atomic_thread_fence(std::memory_order_acquire);
        }
        return *std::const_pointer_cast<Chunk>(chunk);
    }

    std::vector<std::shared_ptr<const Chunk>> chunks_;  // all full but the last
    std::size_t size_ = 0;
};

class RenderedRecords {
public:
    using Fragments = FragmentSnapshot;
    // Renders record `index` for `base_url` as a JSON text.
    using Renderer = std::function<std::string(std::size_t index, const std::string& base_url)>;

    // Returns the fragments of records [0, count) for `base_url`, rendering
    // any that are missing or stale. The returned snapshot stays valid and
    // unchanged while the caller holds it.
    std::shared_ptr<const Fragments> get(const std::string& base_url, std::size_t count, const Renderer& render) {
        {
            std::shared_lock lock(mutex_);
            const auto it = by_base_url_.find(base_url);
            if (it != by_base_url_.end() && it->second->size() == count) return it->second;
        }
        std::unique_lock lock(mutex_);
        auto& slot = by_base_url_[base_url];
        if (slot && slot->size() == count) return slot;
        auto fresh = std::make_shared<Fragments>(slot ? *slot : Fragments{});
        // Unless a reader still holds the old snapshot, `fresh` is now the only
        // owner of its chunks, and appending copies none of them (an upload
        // then costs one rendering, not a copy of up to kChunk records).
        slot.reset();
        fresh->truncate(count);
        for (std::size_t i = fresh->size(); i < count; ++i) fresh->push_back(render(i, base_url));
        slot = fresh;
        return slot;
    }

    // Forgets the rendering of one record (after a write to it).
    void invalidate(std::size_t index, const Renderer& render) {
        std::unique_lock lock(mutex_);
        for (auto& [base_url, fragments] : by_base_url_) {
            if (index >= fragments->size()) continue;
            auto fresh = std::make_shared<Fragments>(*fragments);
            fragments.reset();  // as in get: the chunk is copied only if a reader holds it
            fresh->replace(index, render(index, base_url));
            fragments = std::move(fresh);
        }
    }

    void clear() {
        std::unique_lock lock(mutex_);
        by_base_url_.clear();
    }

private:
    std::shared_mutex mutex_;
    std::map<std::string, std::shared_ptr<const Fragments>> by_base_url_;
};

// "[" fragments[i] for i in indices "]"
template <typename Fragments, typename Indices>
std::string join_json_array(const Fragments& fragments, const Indices& indices) {
    std::size_t size = 2;
    for (auto i : indices) size += fragments[i].size() + 1;
    std::string out;
    out.reserve(size);
    out.push_back('[');
    bool first = true;
    for (auto i : indices) {
        if (!first) out.push_back(',');
        out += fragments[i];
        first = false;
    }
    out.push_back(']');
    return out;
}

}  // namespace photobridge::mock::dataset
