// Templates like "{person.name}" or "{provider}:{id}" rendered against a
// record in flight (the canonical record plus `steps.<id>` results).
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::model {

// A template failed to render: names the template and the missing path.
struct TemplateError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A template's syntax is wrong. what() is "column N: reason"; `column` is
// 1-based within the template text, `reason` the bare explanation.
struct TemplateSyntaxError : std::invalid_argument {
    TemplateSyntaxError(int column, std::string reason);
    int column = 0;
    std::string reason;
};

// Parsed once; rendering is [any-thread] (const).
// Syntax: text with {dotted.path} holes; "{{" and "}}" are literal braces.
// A template that is exactly one hole renders to the JSON value at that
// path (keeping numbers and booleans typed); otherwise the holes are
// printed into a string. A missing path or a null renders as an error
// unless the hole has a default: {person.name|Unknown}.
class RecordTemplate {
public:
    RecordTemplate() = default;
    // Throws TemplateSyntaxError (a std::invalid_argument) with the column
    // (1-based, within `text`) of a syntax error: unclosed '{', unmatched '}',
    // empty hole, bad path.
    explicit RecordTemplate(std::string text);

    const std::string& text() const noexcept { return text_; }
    bool empty() const noexcept { return text_.empty(); }
    // The dotted paths this template reads, for validation.
    std::vector<std::string> paths() const;
    // True when the template is exactly one hole, so render() keeps the
    // value's JSON type; false for text (render() gives a string).
    bool is_single_hole() const noexcept { return parts_.size() == 1 && parts_.front().is_path; }
    // True when the template has no holes: it always renders to the same text.
    bool is_constant() const noexcept;

    boost::json::value render(const boost::json::value& record) const;
    std::string render_string(const boost::json::value& record) const;

private:
    struct Part {
        bool is_path = false;
        std::string text;                   // literal text, or the dotted path
        std::optional<std::string> fallback; // after '|'
    };
    std::string text_;
    std::vector<Part> parts_;
};

// A TOML inline table whose string values are templates (other values are
// kept as they are), rendered into a JSON object.
// Strings nested in arrays and objects are templates too. Throws
// TemplateSyntaxError whose reason names the offending value's JSON pointer.
class RecordTemplateObject {
public:
    RecordTemplateObject() = default;
    explicit RecordTemplateObject(const boost::json::object& literal);  // strings parsed as templates

    boost::json::object render(const boost::json::value& record) const;
    const boost::json::object& literal() const noexcept { return literal_; }
    std::vector<std::string> paths() const;

private:
    boost::json::object literal_;
    // JSON pointer (RFC 6901, into literal_) -> template, for every string
    // value that has a hole or a brace escape; other values render as is.
    std::vector<std::pair<std::string, RecordTemplate>> templates_;
};

}  // namespace photobridge::model
