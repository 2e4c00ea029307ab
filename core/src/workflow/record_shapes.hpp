// The shapes of the canonical records (photo, submission, contact; see
// sdk-docs/records.md), so that validation can tell a template or condition
// path that can never exist ("person.nmae") from one that may.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace photobridge::workflow_file {

// True for the record kinds whose shape is known here.
bool is_canonical_kind(std::string_view kind);

// Null when `path` (valid dotted syntax) may exist in a record of `kind`;
// otherwise why not, e.g. "person has no field 'nmae' (did you mean 'name'?)".
// Everything under `raw` (and a contact's `custom_attributes`) may exist.
// A kind that is not canonical accepts every path.
std::optional<std::string> canonical_path_problem(std::string_view kind, std::string_view path);

}  // namespace photobridge::workflow_file
