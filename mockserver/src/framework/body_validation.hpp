// Checks a request body against the endpoint's documented request shape (the
// fixture's "request": content type, required fields, field types and enums;
// for multipart bodies the required parts). The JSON is parsed with
// Boost.JSON; multipart bodies arrive parsed by cpp-httplib.
#pragma once

#include "fixture_model.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::mock {

struct BodyProblem {
    enum class Kind { MalformedJson, ContentType, MissingField, WrongType, InvalidValue, MissingPart };
    Kind kind = Kind::MalformedJson;
    std::string field;    // "studio_ids", "tags[1]", "photo"; empty for the body as a whole
    std::string message;  // e.g. "move is required"
    // The documented example answering it (the field's on_missing /
    // on_invalid), empty when the docs give none.
    std::string example;
};

// A short code for the framework's generic error body: "malformed_json",
// "unsupported_content_type", "missing_field", "invalid_field_type",
// "invalid_field_value", "missing_part".
std::string_view problem_code(BodyProblem::Kind kind);

struct SeenPart {
    std::string name;
    std::string filename;
};

struct BodyInput {
    std::string_view content_type;  // the request's Content-Type header, as sent
    std::string_view body;          // raw body (empty for multipart: cpp-httplib parses it into parts)
    bool multipart = false;         // cpp-httplib saw multipart/form-data
    std::vector<SeenPart> parts;
};

// nullopt when the body is acceptable or the endpoint declares no request
// shape. An empty body counts as "{}" (nothing sent), whatever its type.
std::optional<BodyProblem> validate_body(const RequestSpec& spec, const BodyInput& input);

}  // namespace photobridge::mock
