// How `photobridge call` and `photobridge test-read` report a failed plugin
// call: one line on stderr, "photobridge: error: WHAT: STATUS (HTTP n)
// [provider code]: message", and the exit code (2 for INVALID_ARGUMENT and
// UNSUPPORTED, the caller's mistake; 1 otherwise). Main thread only.
#pragma once

#include "host/invoke_error.hpp"

#include <string>

namespace photobridge::cli {

int report_plugin_call_error(const std::string& what, const host::InvokeError& error);

}  // namespace photobridge::cli
