// Reading a stream through a plugin instance, one page per call. The caller
// (the engine, `photobridge call`, tests) drives the loop and may checkpoint
// the cursor between pages.
#pragma once

#include "host/plugin_instance.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace photobridge::host {

struct StreamPage {
    boost::json::array records;
    std::optional<std::string> next_cursor;  // nullopt: this was the last page
    std::optional<std::int64_t> total;
};

// One page. Throws InvokeError for plugin failures and for a malformed page
// (PB_ERR_PROTOCOL naming the field).
StreamPage read_page(const PluginInstance& instance, std::string_view stream, const boost::json::object& params,
                     const std::optional<std::string>& cursor, std::optional<std::int64_t> page_size = std::nullopt);

// Walks from `cursor` to the end, calling `on_page` for each page; stops
// early when on_page returns false. Refuses a plugin that hands back the
// cursor it was given (an endless loop). Returns the number of pages read.
std::size_t for_each_page(const PluginInstance& instance, std::string_view stream, const boost::json::object& params,
                          std::optional<std::string> cursor, std::optional<std::int64_t> page_size,
                          const std::function<bool(StreamPage&)>& on_page);

}  // namespace photobridge::host
