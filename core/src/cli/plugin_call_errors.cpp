#include "cli/plugin_call_errors.hpp"

#include "cli/exit_codes.hpp"

#include <photobridge/sdk/error.hpp>

#include <iostream>

namespace photobridge::cli {

int report_plugin_call_error(const std::string& what, const host::InvokeError& e) {
    std::cerr << "photobridge: error: " << what << ": " << sdk::status_name(e.code());
    if (e.http_status() != 0) std::cerr << " (HTTP " << e.http_status() << ")";
    if (!e.provider_code().empty()) std::cerr << " [" << e.provider_code() << "]";
    std::cerr << ": " << e.what() << "\n";
    return e.code() == PB_ERR_INVALID_ARGUMENT || e.code() == PB_ERR_UNSUPPORTED ? kExitUsage : kExitFailure;
}

}  // namespace photobridge::cli
