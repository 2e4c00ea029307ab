// The {placeholders} of provider-file texts: query and path templates
// ({params.X}, {config.K}) and record templates ({client.first}). One
// scanner for reading, checking and rendering them.
#pragma once

#include <cstddef>
#include <string_view>

namespace photobridge::plugins::declarative {

// Walks `text`: literal(run) for each run of text outside braces, and
// placeholder(name, offset) for each {name} (offset: where the name starts
// in `text`). Returns npos when every '{' is closed, else the offset of the
// first one that is not (nothing after it is visited).
template <typename Literal, typename Placeholder>
std::size_t scan_placeholders(std::string_view text, Literal&& literal, Placeholder&& placeholder) {
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t open = text.find('{', at);
        if (open == std::string_view::npos) {
            literal(text.substr(at));
            break;
        }
        literal(text.substr(at, open - at));
        const std::size_t close = text.find('}', open);
        if (close == std::string_view::npos) return open;
        placeholder(text.substr(open + 1, close - open - 1), open + 1);
        at = close + 1;
    }
    return std::string_view::npos;
}

}  // namespace photobridge::plugins::declarative
