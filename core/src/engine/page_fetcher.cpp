#include "engine/page_fetcher.hpp"

#include <photobridge/plugin.h>

namespace photobridge::engine {

PageFetcher::PageFetcher(Request request, RetryPolicy retry, const host::CancellationToken* stop,
                         RetryObserver observer, std::size_t ahead)
    : request_(std::move(request)),
      retry_(retry),
      stop_(stop),
      observer_(std::move(observer)),
      pages_(ahead < 1 ? 1 : ahead),
      thread_([this] { loop(); }) {}

PageFetcher::~PageFetcher() {
    pages_.close_and_clear();  // unblocks a fetcher waiting for room
    if (thread_.joinable()) thread_.join();
}

std::optional<FetchedPage> PageFetcher::next() {
    auto page = pages_.pop();
    if (!page && failure_) std::rethrow_exception(failure_);  // the queue's mutex orders this read after the write
    return page;
}

FetchedPage PageFetcher::parse_page(const std::string& where, const std::string& text) {
    boost::json::storage_ptr arena = boost::json::make_shared_resource<boost::json::monotonic_resource>();
    boost::system::error_code ec;
    boost::json::value parsed = boost::json::parse(text, ec, arena);
    if (ec) throw host::InvokeError(PB_ERR_PROTOCOL, where + "the plugin returned invalid JSON: " + ec.message());
    auto* page = parsed.if_object();
    if (page == nullptr) throw host::InvokeError(PB_ERR_PROTOCOL, where + "is not a JSON object");
    auto* records = page->if_contains("records");
    if (records == nullptr || !records->is_array())
        throw host::InvokeError(PB_ERR_PROTOCOL, where + "field 'records' is missing or not an array");
    std::optional<std::string> next_cursor;
    if (const auto* next = page->if_contains("next_cursor"); next != nullptr && !next->is_null()) {
        if (!next->is_string()) throw host::InvokeError(PB_ERR_PROTOCOL, where + "field 'next_cursor' is not a string");
        next_cursor = std::string(next->get_string());
    }
    std::optional<std::int64_t> total;
    if (const auto* t = page->if_contains("total"); t != nullptr && t->is_int64()) total = t->get_int64();
    // Move-construction keeps the arena as the array's storage (assignment
    // into a default-storage array would copy every node).
    return FetchedPage{boost::json::array(std::move(records->get_array())), std::move(next_cursor), total};
}

void PageFetcher::loop() {
    const auto& instance = *request_.instance;
    const std::string where = instance.plugin().id + "." + request_.stream + ": page ";
    Backoff backoff(retry_);
    std::optional<std::string> cursor = request_.cursor;
    try {
        for (;;) {
            if (stop_ != nullptr && stop_->cancelled()) break;
            boost::json::object request{{"params", request_.params}};
            request["cursor"] = cursor ? boost::json::value(*cursor) : boost::json::value(nullptr);
            request["page_size"] = request_.page_size ? boost::json::value(*request_.page_size) : boost::json::value(nullptr);
            const std::string request_text = boost::json::serialize(request);
            FetchedPage page = call_with_retries(backoff, stop_, observer_, [&] {
                host::InvokeTextResult result = instance.invoke_text(request_.stream, request_text);
                return parse_page(where, result.json_text);
            });
            if (page.next_cursor && cursor && *page.next_cursor == *cursor)
                throw host::InvokeError(PB_ERR_PROTOCOL, instance.plugin().id + "." + request_.stream +
                                                             ": the plugin returned the same cursor twice (endless paging)");
            std::optional<std::string> next = page.next_cursor;
            if (!pages_.push(std::move(page))) break;  // the consumer is gone
            if (!next) break;
            cursor = std::move(next);
        }
    } catch (...) {
        failure_ = std::current_exception();
    }
    pages_.close();
}

}  // namespace photobridge::engine
