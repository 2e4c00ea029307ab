#include "path_template.hpp"

#include <stdexcept>

namespace photobridge::mock {

namespace {

// The next non-empty segment of `path` at or after `pos` into `segment`,
// `pos` moved past it; false at the end. Empty segments (double or trailing
// slashes) are skipped.
bool next_segment(std::string_view path, std::size_t& pos, std::string_view& segment) {
    while (pos < path.size() && path[pos] == '/') ++pos;
    if (pos >= path.size()) return false;
    std::size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    segment = path.substr(pos, end - pos);
    pos = end;
    return true;
}

}  // namespace

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    std::string_view part;
    while (next_segment(path, pos, part)) out.push_back(part);
    return out;
}

PathTemplate::PathTemplate(std::string_view text) : text_(text) {
    for (std::string_view part : split_path(text)) {
        Segment seg;
        if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
            seg.variable = true;
            seg.text = std::string(part.substr(1, part.size() - 2));
            if (seg.text.empty()) throw std::invalid_argument("empty variable name in path template " + text_);
        } else {
            seg.text = std::string(part);
            ++literals_;
        }
        segments_.push_back(std::move(seg));
    }
}

bool PathTemplate::match(std::string_view path,
                         std::vector<std::pair<std::string, std::string>>& captures) const {
    std::size_t pos = 0;
    std::size_t index = 0;
    const std::size_t first_capture = captures.size();
    std::string_view part;
    while (next_segment(path, pos, part)) {
        if (index >= segments_.size()) {
            captures.resize(first_capture);
            return false;
        }
        const Segment& seg = segments_[index++];
        if (seg.variable) {
            captures.emplace_back(seg.text, std::string(part));
        } else if (part != seg.text) {
            captures.resize(first_capture);
            return false;
        }
    }
    if (index != segments_.size()) {
        captures.resize(first_capture);
        return false;
    }
    return true;
}

}  // namespace photobridge::mock
