#include "state/workflow_lock.hpp"

namespace photobridge::state {

std::string workflow_busy_message(const std::string& workflow, const std::string& location, const std::string& holder) {
    std::string out = "workflow '" + workflow + "' is already running on state " + location;
    if (!holder.empty()) out += " (" + holder + ")";
    out += ": one run of a workflow at a time; wait for it to end, or pass --wait";
    return out;
}

}  // namespace photobridge::state
