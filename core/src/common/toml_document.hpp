// A workflow file read with toml++, plus where every key and value sits in
// it, so that each validation pass can point at the exact place.
//
// Paths name nodes the way messages do: "policy.retry.attempts",
// "steps[1].params.title", "connections.hp". Keys with characters other
// than letters, digits, '_' and '-' are quoted: when."person.email".
#pragma once

#include "common/diagnostics.hpp"

#include <boost/json.hpp>
#include <toml++/toml.h>

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::common {

// "a" + "b" -> "a.b"; quotes keys that are not bare.
std::string child_path(std::string_view parent, std::string_view key);
// "steps" + 2 -> "steps[2]"
std::string element_path(std::string_view parent, std::size_t index);

// What a TOML value is, for "expected X, got Y" messages: "a string",
// "an integer", "a table", ...
std::string toml_kind_name(const toml::node& node);

class TomlDocument {
public:
    // Reads and parses `file`. On failure (unreadable file, TOML syntax,
    // duplicate key) returns nullopt and adds the one diagnostic toml++ gives.
    static std::optional<TomlDocument> parse(const std::filesystem::path& file, Diagnostics& out);

    const toml::table& root() const noexcept { return root_; }
    const std::string& file() const noexcept { return file_; }

    // Where the value at `path` starts (for a table: its header or '{').
    // Falls back to the nearest enclosing node that has a position, then 1:1.
    SourcePosition value_at(std::string_view path) const;
    // Where the key naming `path` is written; the value when there is no key
    // (array elements), with the same fallback.
    SourcePosition key_at(std::string_view path) const;
    // The position of byte `offset` of the decoded text of the string value
    // at `path`: exact for one-line basic and literal strings, the string's
    // start otherwise.
    SourcePosition inside_string(std::string_view path, std::size_t offset) const;

    SourcePosition position(const toml::source_region& region) const;
    // True when `path` names a node of the file (no fallback).
    bool contains(std::string_view path) const { return places_.find(path) != places_.end(); }

private:
    struct Place {
        SourcePosition key;
        SourcePosition value;
    };
    void index(const toml::node& node, const std::string& path, const SourcePosition& key);
    const Place* find(std::string_view path) const;

    std::string file_;
    std::vector<std::string> lines_;
    toml::table root_;
    std::map<std::string, Place, std::less<>> places_;
};

// The JSON form of a TOML value: dates and times become ISO 8601 strings.
// Returns nullopt (and names the reason in `problem`) for a value JSON
// cannot hold: a NaN or infinite float.
std::optional<boost::json::value> toml_to_json(const toml::node& node, std::string& problem);

}  // namespace photobridge::common
