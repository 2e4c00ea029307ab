// The workflow parser reads its file with the TOML readers of common/
// (shared with the declarative plugin's provider files).
#pragma once

#include "common/diagnostics.hpp"
#include "common/did_you_mean.hpp"
#include "common/toml_document.hpp"
#include "common/toml_table_reader.hpp"

namespace photobridge::workflow_file {

using common::child_path;
using common::closest_name;
using common::Diagnostic;
using common::Diagnostics;
using common::element_path;
using common::suggestion_suffix;
using common::toml_kind_name;
using common::toml_to_json;
using common::TomlDocument;
using common::TomlTableReader;

}  // namespace photobridge::workflow_file
