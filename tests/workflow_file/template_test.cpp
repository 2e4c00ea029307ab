// RecordTemplate and RecordTemplateObject: parsing, rendering, errors.
#include "model/record_template.hpp"

#include <doctest/doctest.h>

#include <algorithm>

namespace json = boost::json;
using photobridge::model::RecordTemplate;
using photobridge::model::RecordTemplateObject;
using photobridge::model::TemplateError;
using photobridge::model::TemplateSyntaxError;

namespace {

const json::value& record() {
    static const json::value r = json::parse(R"({
        "kind": "photo", "id": "p-17", "provider": "studio",
        "person": {"id": "u1", "email": "ada@example.com", "name": "Ada Lovelace", "external_id": null},
        "approved": true, "status": "approved", "width": 1024, "ratio": 1.5,
        "media": [{"variant": "main", "url": "https://cdn.example/p-17.jpg"}],
        "raw": {"album": 12, "tags": ["a", "b"], "nested": {"deep": {"x": "y"}}},
        "steps": {"upload": {"data": {"id": "doc-9"}}}
    })");
    return r;
}

int syntax_error_column(const std::string& text, std::string* reason = nullptr) {
    try {
        RecordTemplate t(text);
    } catch (const TemplateSyntaxError& e) {
        if (reason) *reason = e.reason;
        return e.column;
    }
    return 0;
}

}  // namespace

TEST_CASE("text templates print every hole into a string") {
    RecordTemplate t("{person.name} <{person.email}> #{id}");
    CHECK(t.render_string(record()) == "Ada Lovelace <ada@example.com> #p-17");
    CHECK(t.render(record()) == json::value("Ada Lovelace <ada@example.com> #p-17"));
    CHECK(RecordTemplate("{provider}:{id}").render_string(record()) == "studio:p-17");
    CHECK(RecordTemplate("w={width} r={ratio} ok={approved}").render_string(record()) == "w=1024 r=1.5 ok=true");
    CHECK(RecordTemplate("{media.0.url}").render_string(record()) == "https://cdn.example/p-17.jpg");
    CHECK(RecordTemplate("{raw.nested.deep.x}").render_string(record()) == "y");
    CHECK(RecordTemplate("{steps.upload.data.id}").render_string(record()) == "doc-9");
    CHECK(RecordTemplate("tags: {raw.tags}").render_string(record()) == R"(tags: ["a","b"])");
    CHECK(RecordTemplate("plain text").render_string(record()) == "plain text");
    CHECK(RecordTemplate("").render_string(record()).empty());
}

TEST_CASE("a template that is exactly one hole keeps the value's JSON type") {
    CHECK(RecordTemplate("{raw.album}").render(record()) == json::value(12));
    CHECK(RecordTemplate("{approved}").render(record()) == json::value(true));
    CHECK(RecordTemplate("{ratio}").render(record()) == json::value(1.5));
    CHECK(RecordTemplate("{raw.tags}").render(record()) == json::parse(R"(["a","b"])"));
    CHECK(RecordTemplate("{person}").render(record()).is_object());
    CHECK(RecordTemplate("{raw.album}").is_single_hole());
    CHECK_FALSE(RecordTemplate(" {raw.album}").is_single_hole());
    CHECK(RecordTemplate(" {raw.album}").render(record()) == json::value(" 12"));
    CHECK(RecordTemplate("x").is_constant());
    CHECK_FALSE(RecordTemplate("{x}").is_constant());
}

TEST_CASE("fallbacks replace a missing or null value, without one it is an error naming the path") {
    CHECK(RecordTemplate("{person.external_id|none}").render(record()) == json::value("none"));
    CHECK(RecordTemplate("{raw.missing|n/a}").render_string(record()) == "n/a");
    CHECK(RecordTemplate("by {person.nickname|someone}").render_string(record()) == "by someone");
    CHECK(RecordTemplate("{raw.missing|}").render(record()) == json::value(""));
    CHECK(RecordTemplate("{person.name|x}").render(record()) == json::value("Ada Lovelace"));
    // The fallback of a single hole is text.
    CHECK(RecordTemplate("{raw.count|0}").render(record()) == json::value("0"));

    CHECK_THROWS_WITH_AS(RecordTemplate("{person.nickname}").render(record()),
                         "template '{person.nickname}': person.nickname is missing in the record (give a fallback: "
                         "{person.nickname|...})",
                         TemplateError);
    CHECK_THROWS_WITH_AS(RecordTemplate("id {person.external_id}").render_string(record()),
                         "template 'id {person.external_id}': person.external_id is null in the record (give a "
                         "fallback: {person.external_id|...})",
                         TemplateError);
    CHECK_THROWS_AS(RecordTemplate("{media.3.url}").render(record()), TemplateError);
    CHECK_THROWS_AS(RecordTemplate("{id.more}").render(record()), TemplateError);
}

TEST_CASE("doubled braces are literal braces") {
    CHECK(RecordTemplate("{{id}}").render_string(record()) == "{id}");
    CHECK(RecordTemplate("{{{id}}}").render_string(record()) == "{p-17}");
    CHECK(RecordTemplate("a}}b{{c").render_string(record()) == "a}b{c");
    CHECK(RecordTemplate("{{}}").is_constant());
    CHECK(RecordTemplate("{{id}}").paths().empty());
}

TEST_CASE("syntax errors carry the 1-based column of the problem") {
    std::string reason;
    CHECK(syntax_error_column("abc {person.name", &reason) == 5);
    CHECK(reason == "unclosed '{' (write '{{' for a literal brace)");
    CHECK(syntax_error_column("a } b", &reason) == 3);
    CHECK(reason == "unmatched '}' (write '}}' for a literal brace)");
    CHECK(syntax_error_column("x{}", &reason) == 2);
    CHECK(reason == "empty hole '{}' (write '{{}}' for literal braces)");
    CHECK(syntax_error_column("{person..name}", &reason) == 9);
    CHECK(reason == "empty segment in path (two dots, or a trailing dot)");
    CHECK(syntax_error_column("{ id }", &reason) == 2);
    CHECK(reason == "a space is not allowed in a path (letters, digits, '_', '-' and '.' are)");
    CHECK(syntax_error_column("{|x}", &reason) == 2);
    CHECK(reason == "a hole needs a path before '|'");
    CHECK(syntax_error_column("{a{b}", &reason) == 3);
    CHECK(syntax_error_column("{.a}", &reason) == 2);
    CHECK(syntax_error_column("{a.}", &reason) == 4);
    CHECK(syntax_error_column("{env:X}", &reason) == 5);
    // what() carries the column too: it is a std::invalid_argument.
    CHECK_THROWS_WITH_AS(RecordTemplate("{x"), "column 1: unclosed '{' (write '{{' for a literal brace)",
                         std::invalid_argument);
}

TEST_CASE("paths() lists what a template reads") {
    RecordTemplate t("{person.name|?}-{id}-{{x}}");
    CHECK(t.paths() == std::vector<std::string>{"person.name", "id"});
    CHECK(t.text() == "{person.name|?}-{id}-{{x}}");
}

TEST_CASE("template objects render nested strings and keep other values") {
    RecordTemplateObject o(json::parse(R"({
        "album": 3, "title": "{person.name}", "count": "{raw.album}",
        "tags": ["{status}", "fixed", "{{literal}}"],
        "meta": {"who": "{person.email}", "on": true, "a/b~c": "{id}"}
    })").as_object());
    const json::object out = o.render(record());
    const json::value expected = json::parse(R"({
        "album": 3, "title": "Ada Lovelace", "count": 12,
        "tags": ["approved", "fixed", "{literal}"],
        "meta": {"who": "ada@example.com", "on": true, "a/b~c": "p-17"}
    })");
    CHECK(out == expected.as_object());
    auto paths = o.paths();
    std::sort(paths.begin(), paths.end());
    CHECK(paths == std::vector<std::string>{"id", "person.email", "person.name", "raw.album", "status"});
    CHECK(o.literal().at("title") == json::value("{person.name}"));

    CHECK_THROWS_WITH_AS(RecordTemplateObject(json::parse(R"({"meta": {"x": "{oops"}})").as_object()),
                         "column 1: /meta/x: unclosed '{' (write '{{' for a literal brace)", TemplateSyntaxError);
    RecordTemplateObject missing(json::parse(R"({"t": "{raw.none}"})").as_object());
    CHECK_THROWS_AS(missing.render(record()), TemplateError);
    CHECK(RecordTemplateObject().render(record()).empty());
}
