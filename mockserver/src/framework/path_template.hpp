// Path templates such as "/organization/models/{modelId}/photos", matched
// segment by segment without regular expressions (the request hot path).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace photobridge::mock {

class PathTemplate {
public:
    PathTemplate() = default;
    // Throws std::invalid_argument on an empty segment name "{}".
    explicit PathTemplate(std::string_view text);

    // True when `path` (no query string) has the same number of segments and
    // every literal segment is equal; captured variables are appended to
    // `captures` (name, value) only on success.
    bool match(std::string_view path, std::vector<std::pair<std::string, std::string>>& captures) const;

    std::size_t literal_count() const { return literals_; }
    std::size_t segment_count() const { return segments_.size(); }
    const std::string& text() const { return text_; }

private:
    struct Segment {
        std::string text;  // literal text, or the variable name
        bool variable = false;
    };
    std::string text_;
    std::vector<Segment> segments_;
    std::size_t literals_ = 0;
};

// Splits "/a/b/c" into {"a","b","c"}; empty segments (double or trailing
// slashes) are dropped, as PathTemplate::match drops them.
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace photobridge::mock
