// One parse of a workflow file (workflow_parser.hpp): the state the section
// readers share, and the helpers they have in common. Each section of the
// file has its own reader, in its own file: connections_section.cpp,
// source_section.cpp, steps_section.cpp, sinks_section.cpp,
// policy_section.cpp, trigger_section.cpp.
// Threads: one parse, one thread.
#pragma once

#include "workflow/toml_reading.hpp"
#include "workflow/workflow_parser.hpp"
#include "model/record_path.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::workflow_file {

// Borrows everything but `wf`, which the readers fill in and the parse
// returns. Every problem goes to `out` with its FILE:LINE:COLUMN.
struct ParseSession {
    const TomlDocument& doc;
    const EnvLookup& env;
    Diagnostics& out;
    ParseNotes& notes;
    // The composite steps the loaded plugins declare ("PLUGIN.NAME"), for
    // messages about an unknown `use`.
    const std::vector<std::string>& composite_steps;
    Workflow wf;

    // A problem at the value (or key) at `path`, e.g. "steps[0].use".
    void error(std::string_view path, std::string message);
    void error_at_key(std::string_view path, std::string message);
    // A missing top-level section: reported at the file's first line.
    void missing_top(const std::string& key, const std::string& what);
    // True when [connections.NAME] exists and was usable; reports it (with a
    // suggestion) when it was never written.
    bool connection_known(const std::string& name, const std::string& path);
    // A params table in JSON form; its strings may not hold ${env:...}, and
    // with `templates` must be valid templates. nullopt when something was wrong.
    std::optional<boost::json::object> literal_params(const toml::table& t, const std::string& path, bool templates);
    // { dotted.path = [values...] }: bad entries are reported and left out.
    std::optional<Condition> condition(const toml::node& node, const std::string& path);
    // The [[NAME]] tables in `node`, or nullptr (reported) when it is something else.
    const toml::array* array_of_tables(const toml::node& node, const std::string& name);
    // " (did you mean 'x'?)" or " (one of: a, b, c)".
    static std::string one_of_suffix(const std::string& typed, const std::vector<std::string>& values);

private:
    void check_param_strings(const toml::node& node, const std::string& path, bool templates, bool& ok);
    void condition_entries(const toml::table& t, const std::string& path, const std::string& prefix, Condition& c,
                           bool& ok);
};

// Names and ids: `first` allowed as the first character, `rest` after it
// (each a set of punctuation besides letters and digits; `first_digit`
// says whether a digit may start). Hand-written, not std::regex: a huge
// value in a file must not cost stack.
bool is_name(const std::string& text, bool first_digit, std::string_view first, std::string_view rest);

// Durations as written in workflow files ("15m" -> 900 seconds): nullopt
// unless digits then one unit (s, m, h, d); values too large to matter come
// back as kMaxDurationSeconds + 1.
inline constexpr std::int64_t kMaxDurationSeconds = 365LL * 24 * 3600;
std::optional<std::int64_t> parse_duration_seconds(const std::string& text);

// The section readers, in the order the parse calls them.
void read_connections_section(ParseSession& p, const toml::table& t);
void read_source_section(ParseSession& p, const toml::table& t);
void read_steps_section(ParseSession& p, const toml::node& node);
void read_sinks_section(ParseSession& p, const toml::node& node);
void read_policy_section(ParseSession& p, const toml::table& t);
void read_trigger_section(ParseSession& p, const toml::table& t);

}  // namespace photobridge::workflow_file
