// Definition files of plugin factories (ext/plugin_factory.h), such as the
// declarative plugin's NAME.provider.toml: which factory reads a file, and
// checking one without loading it (`photobridge validate`).
#pragma once

#include "host/plugin_registry.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace photobridge::host {

// The loaded factory whose file_suffix ends the name of `file`; null when
// none does.
LoadedPluginPtr factory_for(const PluginRegistry& registry, const std::filesystem::path& file);

// One problem a factory found in a definition file.
struct DefinitionProblem {
    int line = 0;    // 1-based; 0: no place in the file
    int column = 0;
    std::string message;
};

// Every problem the factory finds in `file`, in file order; empty when the
// file is good. Throws InvokeError when the file cannot be read or the
// factory's answer is malformed (PB_ERR_PROTOCOL).
std::vector<DefinitionProblem> validate_definition(const LoadedPlugin& factory, const std::filesystem::path& file);

}  // namespace photobridge::host
