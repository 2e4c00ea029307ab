#include "host/stream_pages.hpp"

namespace photobridge::host {

StreamPage read_page(const PluginInstance& instance, std::string_view stream, const boost::json::object& params,
                     const std::optional<std::string>& cursor, std::optional<std::int64_t> page_size) {
    boost::json::object request{{"params", params}};
    request["cursor"] = cursor ? boost::json::value(*cursor) : boost::json::value(nullptr);
    request["page_size"] = page_size ? boost::json::value(*page_size) : boost::json::value(nullptr);
    InvokeResult result = instance.invoke(stream, request);

    const std::string where = instance.plugin().id + "." + std::string(stream) + ": page ";
    auto* page = result.json.if_object();
    if (page == nullptr) throw InvokeError(PB_ERR_PROTOCOL, where + "is not a JSON object");
    StreamPage out;
    auto* records = page->if_contains("records");
    if (records == nullptr || !records->is_array())
        throw InvokeError(PB_ERR_PROTOCOL, where + "field 'records' is missing or not an array");
    out.records = std::move(records->get_array());
    if (const auto* next = page->if_contains("next_cursor"); next != nullptr && !next->is_null()) {
        if (!next->is_string()) throw InvokeError(PB_ERR_PROTOCOL, where + "field 'next_cursor' is not a string");
        out.next_cursor = std::string(next->get_string());
    }
    if (const auto* total = page->if_contains("total"); total != nullptr && total->is_int64())
        out.total = total->get_int64();
    return out;
}

std::size_t for_each_page(const PluginInstance& instance, std::string_view stream, const boost::json::object& params,
                          std::optional<std::string> cursor, std::optional<std::int64_t> page_size,
                          const std::function<bool(StreamPage&)>& on_page) {
    std::size_t pages = 0;
    for (;;) {
        StreamPage page = read_page(instance, stream, params, cursor, page_size);
        ++pages;
        if (page.next_cursor && cursor && *page.next_cursor == *cursor)
            throw InvokeError(PB_ERR_PROTOCOL, instance.plugin().id + "." + std::string(stream) +
                                                   ": the plugin returned the same cursor twice (endless paging)");
        std::optional<std::string> next = page.next_cursor;
        if (!on_page(page) || !next) return pages;
        cursor = std::move(next);
    }
}

}  // namespace photobridge::host
