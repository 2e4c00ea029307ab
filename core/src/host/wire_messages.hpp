// The pieces both ends of process isolation encode the same way: a
// pb_error, a result (status, JSON, bytes, error) and an HTTP header list.
// The frame layout is in wire_frame.hpp; sdk-docs/abi.md lists every message.
#pragma once

#include "host/wire_frame.hpp"

#include <photobridge/plugin.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace photobridge::host::wire {

// error: code i32, http_status i32, retry_after_ms u32, truncated u32,
// provider_code, message. Reads never trust the sender's strings to fit:
// they are cut to the pb_error buffers (truncated set).
void write_error(PieceWriter& out, const pb_error& error);
void read_error(PieceReader& in, pb_error* error);

// result: status i32, json, output, error.
std::string result_payload(std::int32_t status, std::string_view json, std::string_view output, const pb_error& error);

using HeaderList = std::vector<std::pair<std::string, std::string>>;
// header_count u32, then name and value pieces.
void write_headers(PieceWriter& out, const HeaderList& headers);
HeaderList read_headers(PieceReader& in);

// Fills `error` (when it is big enough) with a status and a message; for
// failures the isolation machinery itself reports.
void fill_wire_error(pb_error* error, std::int32_t status, std::string_view message) noexcept;

}  // namespace photobridge::host::wire
