// A usage or input problem found by a command: the message is printed as
// "photobridge: error: MESSAGE" and the command exits with kExitUsage (2).
#pragma once

#include <stdexcept>

namespace photobridge::cli {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace photobridge::cli
