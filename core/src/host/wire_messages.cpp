#include "host/wire_messages.hpp"

#include <photobridge/sdk/error.hpp>

#include <cstring>

namespace photobridge::host::wire {

void write_error(PieceWriter& out, const pb_error& error) {
    out.i32(error.code).i32(error.http_status).u32(error.retry_after_ms).u32(error.truncated);
    out.bytes(std::string_view(error.provider_code, strnlen(error.provider_code, sizeof error.provider_code)));
    out.bytes(std::string_view(error.message, strnlen(error.message, sizeof error.message)));
}

void read_error(PieceReader& in, pb_error* error) {
    const std::int32_t code = in.i32();
    const std::int32_t http_status = in.i32();
    const std::uint32_t retry_after_ms = in.u32();
    const std::uint32_t truncated = in.u32();
    const std::string_view provider_code = in.bytes();
    const std::string_view message = in.bytes();
    if (error == nullptr || error->struct_size < sizeof(pb_error)) return;
    error->code = code;
    error->http_status = http_status;
    error->retry_after_ms = retry_after_ms;
    bool cut = sdk::copy_truncated(error->provider_code, sizeof error->provider_code, provider_code);
    cut = sdk::copy_truncated(error->message, sizeof error->message, message) || cut;
    error->truncated = truncated != 0 || cut ? 1u : 0u;
}

std::string result_payload(std::int32_t status, std::string_view json, std::string_view output, const pb_error& error) {
    std::string payload;
    PieceWriter out(payload);
    out.i32(status).bytes(json).bytes(output);
    write_error(out, error);
    return payload;
}

void write_headers(PieceWriter& out, const HeaderList& headers) {
    out.u32(static_cast<std::uint32_t>(headers.size()));
    for (const auto& [name, value] : headers) out.bytes(name).bytes(value);
}

HeaderList read_headers(PieceReader& in) {
    const std::uint32_t count = in.u32();
    HeaderList headers;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::string name(in.bytes());
        std::string value(in.bytes());
        headers.emplace_back(std::move(name), std::move(value));
    }
    return headers;
}

void fill_wire_error(pb_error* error, std::int32_t status, std::string_view message) noexcept {
    if (error == nullptr || error->struct_size < sizeof(pb_error)) return;
    sdk::fill_error(error, static_cast<pb_status>(status), message);
}

}  // namespace photobridge::host::wire
