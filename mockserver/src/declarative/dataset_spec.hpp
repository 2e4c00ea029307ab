// The in-memory form of a fixtures folder's dataset.toml: a provider's
// dataset declared without C++ (sdk-docs/mockserver-dataset.md). Read once
// at start by dataset_spec_reader.cpp, read-only afterwards.
//
// Units: times are Unix milliseconds; time steps are seconds.
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "framework/fixture_model.hpp"

namespace photobridge::mock::declarative {

// A dataset.toml the mock cannot use. what() is "FILE:LINE:COLUMN: problem".
class DatasetSpecError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "only when the record's `field` is (or is not) one of `values`".
struct FieldCondition {
    std::string field;  // JSON pointer into the record
    std::vector<std::string> values;
    bool negate = false;  // true: "not_in"
};

struct FieldGenerator {
    enum class Kind {
        sequence,    // integer: previous record's value (or `from`) + step
        time,        // timestamp: previous record's value (or `from`) + step seconds
        integer,     // uniform in [min, max]
        number,      // uniform in [min, max], `decimals` places
        pick,        // one of `values`
        chance,      // true with `probability`
        token,       // `prefix` + `length` characters [a-z0-9]
        hex,         // `prefix` + `length` hexadecimal digits
        digits,      // `prefix` + `length` decimal digits, the first not 0 (a string)
        email,       // the record's synthetic person
        first_name,
        last_name,
        full_name,
        text,        // `text` with {{base_url}}, {index}, {number} and {/pointer} filled
        copy,        // the value at `from`
        constant,    // `value`
    };
    enum class TimeFormat { iso_seconds, iso_millis, epoch_seconds, epoch_millis };

    std::string at;  // JSON pointer the value is written to
    Kind kind = Kind::constant;
    std::vector<boost::json::value> first;  // records 0..first.size()-1 take these values
    std::string from;                      // sequence, time, copy: another field's pointer
    std::int64_t start = 0;                // sequence: first value; time: Unix ms
    std::int64_t step_min = 1, step_max = 1;
    TimeFormat time_format = TimeFormat::iso_seconds;
    std::int64_t min = 0, max = 0;         // integer
    double number_min = 0, number_max = 1; // number
    int decimals = 2;
    double probability = 0.5;
    std::vector<boost::json::value> values;  // pick
    std::size_t length = 16;
    std::string prefix;
    std::string text;
    boost::json::value value;  // constant
    std::optional<FieldCondition> when;
    boost::json::value otherwise;  // the value when `when` does not hold (default null)
};

struct PagingSpec {
    enum class Style { offset, page, cursor, link };
    Style style = Style::offset;
    std::string offset_param = "offset";  // offset
    std::string page_param = "page";      // page, link
    std::string cursor_param = "cursor";  // cursor
    std::string limit_param = "limit";    // page size, all styles
    std::int64_t default_limit = 25;
    std::int64_t max_limit = 100;
    std::int64_t first_page = 1;
    std::string next_cursor_at;  // cursor: where the next cursor goes in the page body (null on the last page)
    std::string total_at;        // optional: where the filtered record count goes in the page body
};

struct FilterSpec {
    std::string parameter;  // query parameter
    std::string field;      // JSON pointer; records whose value (as text) equals the parameter's
};

// Image bytes for the records' media URLs: `prefix` + `file_prefix` KEY
// `file_suffix`, KEY one of the values the records hold at `keys`.
struct ImageRoute {
    std::string path;  // as written, e.g. "/cdn/photos/{key}.jpg"
    std::string prefix;       // "/cdn/photos/"
    std::string file_prefix;  // ""
    std::string file_suffix;  // ".jpg"
    std::vector<std::string> keys;
    bool png = false;
    bool needs_credential = false;
};

struct DatasetSpec {
    std::string file;      // the dataset.toml, for messages
    std::string provider;  // provider id
    std::string endpoint;  // the documented list endpoint's fixture id
    std::string method;    // its method and path template
    std::string path;
    std::vector<QueryParamSpec> query;  // its documented query parameters
    boost::json::value page_template;   // the documented example's body
    std::string records_at;             // JSON pointer to the records array in it; "": the body is the array
    boost::json::value record_template; // the array's first element
    std::optional<std::size_t> count;   // fixed record count; nullopt: --dataset N
    PagingSpec paging;
    std::vector<FilterSpec> filters;
    std::vector<FieldGenerator> fields;  // applied in file order
    std::vector<ImageRoute> images;
    std::string by_id_path;  // optional: GET path template answering one record ("/photos/{id}")
    std::string id_field;    // the record field {id} is compared with
};

// Reads `file` (a provider's dataset.toml) against the provider's loaded
// fixtures. Throws DatasetSpecError naming the file, line and column.
DatasetSpec read_dataset_spec(const std::string& file, const Provider& provider);

}  // namespace photobridge::mock::declarative
