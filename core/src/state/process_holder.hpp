// This process as leases, claims and the server's session list name it:
// "photobridge pid N on HOST". Unique among live processes of one machine,
// and across machines with distinct host names.
#pragma once

#include <string>
#include <string_view>

namespace photobridge::state {

std::string process_holder_name();

// True when `holder` (a process_holder_name()) names a process of this
// machine that no longer runs: what it held can be given back at once,
// without waiting for its lease to expire. False for other machines'
// holders, live processes, and names of another form.
bool is_dead_local_holder(std::string_view holder);

}  // namespace photobridge::state
