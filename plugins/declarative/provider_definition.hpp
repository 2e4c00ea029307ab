// What a provider file (NAME.provider.toml) says, once read and checked by
// provider_file.hpp: everything the declarative plugin needs to derive a
// manifest and to serve the provider's streams. Immutable after reading;
// shared read-only by every instance of the plugin it defines.
// The format is documented in sdk-docs/declarative-providers.md.
#pragma once

#include <photobridge/plugin.h>

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace photobridge::plugins::declarative {

// Where the value of one canonical field comes from, in a provider record.
// Paths are dotted object keys ("person.email"), as sdk::json_access reads.
struct FieldSource {
    enum class Kind {
        path,      // "a.b": the value there
        first_of,  // ["a", "b"]: the first of these that is present and not null
        constant,  // { value = X }
        text,      // { template = "{first} {last}" }: record paths in braces; absent ones give ""
        map,       // { path = "a", map = { K = V, ... }, otherwise = V }: V for the value's text K
        rules      // { rules = [{ path, in | present | exists, value }, ...] }: the first rule that holds
    };
    struct Rule {
        std::string path;
        std::vector<std::string> in;  // the value's text is one of these
        bool present = false;         // or: the value is present and not null
        bool exists = false;          // or: the key is there, even with null
        boost::json::value value;
    };
    Kind kind = Kind::path;
    std::vector<std::string> paths;   // path: one; first_of: several; map: one
    boost::json::value constant;      // constant
    std::string text;                 // text
    std::vector<std::pair<std::string, boost::json::value>> map;
    std::optional<boost::json::value> otherwise;  // map: when no key matches (nullopt: null)
    std::vector<Rule> rules;          // rules: none holds -> null
};

// One media[] entry of a canonical photo.
// One media[] entry of a canonical photo, or with `each` one entry per
// element of an array of the record (a submission's photos), whose sources
// are then paths of the element.
struct MediaSpec {
    std::string variant;              // "main", "thumbnail", ...
    std::string variant_from;         // or: the path of the element's variant name (with each)
    std::string each;                 // "" = one entry from the record itself
    FieldSource url;                  // the entry exists only when the url is present
    std::optional<FieldSource> width, height, expires_at;
};

struct Paging {
    enum class Style { none, offset, page, cursor, next_url, link_header };
    Style style = Style::none;
    std::string offset_param;      // offset
    std::string limit_param;       // offset
    std::string page_param;        // page
    std::int64_t first_page = 1;   // page
    std::string size_param;        // page (required); cursor, next_url, link_header (optional)
    std::string cursor_param;      // cursor
    std::string next_cursor;       // cursor: the path of the next cursor in the body
    std::string next_url;          // next_url: the path of the next page's URL in the body
    std::string has_more;          // offset, page, cursor (optional): the path of a boolean saying
                                   // whether another page follows; it wins over the total and a short page
};

// A query parameter or path segment value: literal text with {params.X}
// (streams) or {input.X} (operations) and {config.K} placeholders.
struct Template {
    std::string text;
};

// What the provider must send at one path of a JSON document (a record, a
// page's body, an operation's answer): one of `types` where present and not
// null, and presence itself when `required`. Another value is the provider's
// mistake: PROTOCOL, naming the path.
struct ValueCheck {
    std::string path;
    std::vector<std::string> types;  // "string", "integer", "number", "boolean", "object", "array"; empty = any
    bool required = false;
};

struct StreamSpec {
    std::string name;
    std::string description;
    std::string record;                                   // the canonical kind: "photo", "submission" or "contact"
    std::vector<Template> path;                           // URL path segments after base_url
    std::vector<std::pair<std::string, Template>> query;  // a parameter whose placeholder has no value is left out
    Paging paging;
    std::vector<std::string> records;                     // the path of the records array in the body (the first
                                                          // present of several); empty = the body
    std::string total;                                    // the path of the total in the body; "" = none
    std::int64_t page_size_default = 0;                   // 0 when paging is "none"
    std::int64_t page_size_maximum = 0;
    std::string incremental_field;                        // "" = none
    std::string incremental_param;                        // "" = none
    boost::json::object params_schema;                    // {"type": "object", "properties": ..., "required": [...]}
    std::map<std::string, FieldSource> fields;            // canonical field ("person.email") -> source
    std::vector<ValueCheck> types;       // each record's values, checked before mapping
    std::vector<ValueCheck> page_types;  // the page's body (envelope, paging fields)
    std::vector<MediaSpec> media;
};

// The answer an operation builds from its body ([operations.NAME.answer]).
// Paths are dotted keys of the scope (the body, or the element of an
// `each`), or of the whole body when they start with '/'.
struct AnswerShape {
    enum class Kind {
        object,  // { key = shape, ... }
        path,    // "a.b": the value there, null when absent
        each,    // { each = PATH, types = {...}, answer = {...} }: the array there, each element shaped
        media    // { media_of = PATH, expires_at = PATH }: a media entry per key of the object there
    };
    Kind kind = Kind::path;
    std::vector<std::pair<std::string, std::shared_ptr<const AnswerShape>>> keys;  // object
    std::string path;                            // path, each, media_of
    std::shared_ptr<const AnswerShape> element;  // each: an object shape
    std::vector<ValueCheck> element_types;       // each: what each element must hold
    std::string expires_at;                      // media: "" = none
};

// What an operation of a provider file does with its input and what it
// answers. The input is validated against input_schema (defaults applied)
// before the plugin sees it.
struct OperationSpec {
    enum class Body { none, json, multipart };
    enum class Answer {
        record,  // the body (or the value at result_at) mapped as a record of result_stream
        body,    // the body as it is (output "json")
        find,    // no request of its own: walks result_stream's pages for a record whose
                 // raw match_path equals input[match_input]; answers {KIND: record or null}
        shape    // `shape` built from the body
    };
    std::string name;
    std::string description;
    std::string method = "GET";
    std::vector<Template> path;
    std::vector<std::pair<std::string, Template>> query;
    boost::json::object input_schema;     // {"type": "object", "properties": ..., "required": [...]}
    Body body = Body::none;
    std::vector<std::string> body_keys;   // json: the input keys sent (those present); multipart: the text fields
    bool body_needs_one = false;          // json: at least one of body_keys must be present
    std::string file_part;                // multipart: the part that carries the input bytes
    std::optional<Template> file_name;    // multipart: its file name; none (or no value): PART.jpg / PART.png
    bool bytes_required = false;          // input bytes must be given (and not be empty)
    std::int64_t max_bytes = 0;           // 0 = no limit before sending
    std::vector<std::string> bytes_types; // sniffed media types accepted ("image/jpeg", "image/png"); empty = any
    Answer answer = Answer::body;
    std::string result_stream;            // record, find: whose mapping makes the record
    std::string result_at;                // record: the path of the record in the body; "" = the body
    std::string result_under;             // record: "" = the answer is the record; else {UNDER: record or null}
    std::vector<std::pair<std::string, std::string>> result_if_null;  // with under: key -> body path, added when
                                                                      // the record is null (the provider's reason)
    std::string match_path;               // find: the provider record's path compared
    std::string match_input;              // find: the input key it must equal
    std::vector<ValueCheck> types;        // the answer's body
    std::shared_ptr<const AnswerShape> shape;  // [answer]: the answer built from the body (null: see `answer`)
    bool idempotent = false;
    bool creates = false;
    // The sink lookup (ext/sink_lookup.h): an earlier write is found in
    // lookup_stream's pages by lookup_match (a path of the provider
    // record) equal to input[lookup_by]. Empty lookup_stream: none.
    std::string lookup_stream;
    std::string lookup_match;
    std::string lookup_by;
    std::string key_into;                 // "photobridge-{key}"; "" = none
};

struct AuthSpec {
    enum class Type { none, bearer, header, query, basic };
    Type type = Type::none;
    std::string header;        // header
    std::string prefix;        // header
    std::string key;           // bearer, header, query: the config key holding the credential
    std::string param;         // query
    std::string user_key;      // basic
    std::string password_key;  // basic
};

// The statuses an error rule may give: the provider's refusals, never the
// host's own (UNSUPPORTED, CANCELLED, INTERNAL). Written in files by their
// sdk::status_name ("RATE_LIMITED").
inline constexpr pb_status kRuleStatuses[] = {
    PB_ERR_INVALID_ARGUMENT, PB_ERR_UNAUTHORIZED, PB_ERR_FORBIDDEN,   PB_ERR_NOT_FOUND,
    PB_ERR_CONFLICT,         PB_ERR_TOO_LARGE,    PB_ERR_RATE_LIMITED, PB_ERR_UNAVAILABLE,
    PB_ERR_TIMEOUT,          PB_ERR_NETWORK,      PB_ERR_PROTOCOL};

// An error response mapped to a photobridge status.
struct ErrorRule {
    std::optional<int> http_status;   // nullopt: any status >= 400
    std::string body_path;            // "" = not looked at
    std::vector<std::string> equals;  // the text at body_path is one of these
    pb_status status = PB_ERR_PROTOCOL;  // one of kRuleStatuses
};

struct ErrorsSpec {
    std::string message;   // the path of the provider's message in an error body ("" = the SDK's common shapes)
    std::string code;      // the path of its error code ("" = the common shapes)
    std::string code_key_of;   // the code is the first key of the object at this path (Laravel's errors: {field: [...]})
    std::string reset_header;  // a rate limit's reset time in a header of the provider's own name ("" = the standard ones)
    std::vector<ErrorRule> rules;
};

struct ProviderDefinition {
    std::string file;
    std::string id;
    std::string name;
    std::string version;
    std::string description;
    std::string docs;
    boost::json::object config;  // manifest-style config schema: key -> {type, default, required, secret, ...}
    AuthSpec auth;
    std::vector<std::pair<std::string, std::string>> headers;
    std::vector<StreamSpec> streams;
    std::vector<OperationSpec> operations;
    ErrorsSpec errors;

    const StreamSpec* stream(std::string_view name) const {
        for (const StreamSpec& s : streams)
            if (s.name == name) return &s;
        return nullptr;
    }
};

}  // namespace photobridge::plugins::declarative
