// Reading a provider file (NAME.provider.toml) into a ProviderDefinition,
// with every problem reported at once as FILE:LINE:COLUMN: unknown keys,
// wrong types, bad paths, templates that name unknown params or config
// keys, paging settings that do not fit the style, canonical fields the
// record kind does not have or lacks. sdk-docs/declarative-providers.md is
// the reference of the format.
#pragma once

#include "common/diagnostics.hpp"
#include "provider_definition.hpp"

#include <filesystem>
#include <optional>
#include <string_view>

namespace photobridge::plugins::declarative {

// The definition when the file has no problem; nullopt otherwise (the
// problems are in `out`). Never throws for anything in the file.
std::optional<ProviderDefinition> read_provider_file(const std::filesystem::path& file, common::Diagnostics& out);

// Whether `path` is a dotted path of keys ("a.b_c"), as provider files use
// for places in a provider's JSON.
bool is_record_path(std::string_view path) noexcept;

}  // namespace photobridge::plugins::declarative
