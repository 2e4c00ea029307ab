// ${env:NAME} references in workflow settings: finding, checking and
// resolving them. Values resolved from the environment may be secrets: no
// function here puts a resolved value into an error message.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::workflow_file {

// Looks up one environment variable; nullopt when it is not set.
// Must be callable from the thread that loads the workflow.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// Reads the process environment (getenv).
EnvLookup process_env();

// One problem in a string's references. `offset` is the 0-based byte offset
// in the string of the '$' that starts the bad reference.
struct EnvReferenceProblem {
    std::size_t offset = 0;
    std::string message;  // never contains a resolved value
};

struct EnvResolution {
    std::string value;                       // the text with every reference replaced
    std::vector<std::string> variables;      // names referenced, in order
    std::vector<std::string> resolved;       // their values (secrets: never print)
    bool whole = false;                      // the text was exactly one reference
    std::vector<EnvReferenceProblem> problems;  // syntax errors and unset variables
};

// Syntax: "${env:NAME}" where NAME is [A-Za-z_][A-Za-z0-9_]*; references
// may sit inside other text ("https://${env:DOMAIN}/api"); "$${" is a
// literal "${". Any other "${...}" is an error.
EnvResolution resolve_env_references(std::string_view text, const EnvLookup& env);

// True when `text` contains a "${env:" reference (escaped "$${" aside): used
// to refuse references where they are not resolved.
bool has_env_reference(std::string_view text);

}  // namespace photobridge::workflow_file
