// Aborts the TCP connection a request arrived on, so the client sees a
// connection reset (RST) instead of a response. cpp-httplib 0.11.4 does not
// expose the socket to handlers, so the socket is found among this process's
// descriptors by its local and peer address. Used only by the "reset" fault.
#pragma once

#include <string>

namespace photobridge::mock {

// Returns false when the socket could not be found. The descriptor stays
// owned by cpp-httplib: it is disconnected (connect with AF_UNSPEC, which
// sends RST on Linux), never closed here. Thread-safe.
bool abort_connection(const std::string& local_addr, int local_port, const std::string& remote_addr, int remote_port);

}  // namespace photobridge::mock
