// Reading the source's pages ahead of the reader: a thread of its own calls
// the stream page by page (with retries) and hands each parsed page over a
// small bounded queue, so fetching and parsing page k+1 overlaps the
// reader's work on page k. Each page is parsed into a monotonic arena that
// its records share (released when the last record of the page is gone), so
// a page costs a few large allocations instead of one per JSON node.
#pragma once

#include "engine/bounded_queue.hpp"
#include "engine/retry.hpp"
#include "host/cancellation.hpp"
#include "host/plugin_instance.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <thread>

namespace photobridge::engine {

struct FetchedPage {
    boost::json::array records;              // storage: the page's arena
    std::optional<std::string> next_cursor;  // nullopt: the last page
    std::optional<std::int64_t> total;
};

// Thread contract: next() from one consumer thread; the fetcher thread is
// owned (started in the constructor, joined in the destructor).
class PageFetcher {
public:
    struct Request {
        const host::PluginInstance* instance = nullptr;
        std::string stream;
        boost::json::object params;
        std::optional<std::string> cursor;   // where to start
        std::optional<std::int64_t> page_size;
    };

    // `ahead`: pages fetched before the consumer takes them (>= 1).
    PageFetcher(Request request, RetryPolicy retry, const host::CancellationToken* stop, RetryObserver observer,
                std::size_t ahead = 2);
    ~PageFetcher();
    PageFetcher(const PageFetcher&) = delete;
    PageFetcher& operator=(const PageFetcher&) = delete;

    // The next page; nullopt after the last page or when stopped. Rethrows
    // the fetcher's failure (host::InvokeError after the retries; PROTOCOL
    // for a malformed page or endless paging).
    std::optional<FetchedPage> next();

    // Parses one page's JSON text (exposed for tests). Throws InvokeError
    // (PB_ERR_PROTOCOL naming the field).
    static FetchedPage parse_page(const std::string& where, const std::string& text);

private:
    void loop();

    Request request_;
    RetryPolicy retry_;
    const host::CancellationToken* stop_;
    RetryObserver observer_;
    BoundedQueue<FetchedPage> pages_;
    std::exception_ptr failure_;  // written by the fetcher before it closes the queue
    std::thread thread_;
};

}  // namespace photobridge::engine
