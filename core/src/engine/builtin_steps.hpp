// Built-in steps that stand for a chain of invoke steps, so that the engine
// has one code path for plugin calls. Today: use = "generative_photos.variant"
// (issue 6, "Async provider jobs"; documented in sdk-docs/workflows.md).
//
// A generative_photos.variant step with id X, after A, becomes, in place:
//   X__upload   upload_image   {filename = "{id}.jpg"}, send_bytes
//   X__faces    wait_faces     {id = "{steps.X__upload.id}"}
//   X__variant  create_variant {id = "{steps.X__upload.id}", move, param}
//   X__wait     wait_variant   {id = "{steps.X__variant.id}", timeout_ms}
//   X           download       {id = "{steps.X__wait.id}"}, keep_bytes
// all on the step's connection and with its `when` guard. Because the last
// one keeps the id X, what follows X (steps, sinks, steps.X.* templates)
// is unchanged; steps.X is the download's result.
#pragma once

#include "engine/workflow.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace photobridge::engine {

inline constexpr std::string_view kGenerativePhotosPlugin = "generative_photos";

// The plugin operations the chain calls, in order.
const std::vector<std::string>& generative_variant_operations();

// The ids the chain adds besides `step_id` itself ("X__upload", ...).
std::vector<std::string> generative_variant_chain_ids(const std::string& step_id);

// Replaces every generative_variant step of a validated workflow by its
// chain (order and links as above). Idempotent; other steps untouched.
void expand_builtin_steps(Workflow& workflow);

}  // namespace photobridge::engine
