// Whether a host name or address names this machine's loopback interface;
// senders that must stay on the machine (webhook senders) check targets with
// it. Pure function: safe from any thread.
#pragma once

#include <string_view>

namespace photobridge::mock {

// True for "localhost", 127.0.0.0/8 and ::1 (the forms Boost.URL parses from
// a URL authority, IPv6 without brackets).
bool is_loopback_host(std::string_view host);

}  // namespace photobridge::mock
