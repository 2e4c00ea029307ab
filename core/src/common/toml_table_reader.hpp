// Reading one TOML table of a workflow file key by key, with a diagnostic
// for each missing, mistyped or out-of-range value, and at the end one for
// each key nobody asked for (with "did you mean"). Not thread-safe.
#pragma once

#include "common/diagnostics.hpp"
#include "common/toml_document.hpp"

#include <toml++/toml.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::common {

class TomlTableReader {
public:
    // `path` names the table in messages ("policy", "steps[1]").
    TomlTableReader(const TomlDocument& doc, const toml::table& table, std::string path, Diagnostics& out);

    const std::string& path() const noexcept { return path_; }
    std::string child(std::string_view key) const { return child_path(path_, key); }

    // The node at `key` (marking the key as known), or nullptr. When
    // `required` and absent: "PATH: missing required key 'KEY'".
    const toml::node* get(std::string_view key, bool required = false);

    // Typed reads: nullopt when absent or wrong (the wrong case is reported:
    // "PATH.KEY: expected a string, got an integer").
    std::optional<std::string> string(std::string_view key, bool required = false);
    std::optional<bool> boolean(std::string_view key, bool required = false);
    // Integers within [min, max] inclusive: "must be between MIN and MAX, got N".
    std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max,
                                        bool required = false);
    const toml::table* table(std::string_view key, bool required = false);
    const toml::array* array(std::string_view key, bool required = false);

    // Marks keys as known without reading them.
    void accept(std::string_view key) { known_.insert(std::string(key)); }
    // Reports each key not read or accepted: "PATH.KEY: unknown key" plus a
    // suggestion among `expected` (the keys that would have been valid).
    // `extra_hint(key)` may return a better message for a known-elsewhere
    // key, or "" to say nothing about that key.
    void report_unknown(const std::vector<std::string>& expected,
                        const std::function<std::optional<std::string>(std::string_view)>& extra_hint = {});

    void error_at_value(std::string_view key, std::string message) const;
    void error_at_key(std::string_view key, std::string message) const;

private:
    const TomlDocument& doc_;
    const toml::table& table_;
    std::string path_;
    Diagnostics& out_;
    std::set<std::string, std::less<>> known_;
};

}  // namespace photobridge::common
