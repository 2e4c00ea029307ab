// The frames of process isolation: what the photobridge host and a
// photobridge-plugin-host child send each other over their socketpair
// (sdk-docs/abi.md, "Process isolation", is the reference).
//
// A frame is a 9-byte header, then `length` payload bytes:
//   u32 length   payload bytes after the header (at most kMaxFramePayload)
//   u8  type     a MessageType
//   u32 call_id  which call the frame belongs to (see MessageType)
// The payload is a sequence of pieces, each a u32 byte count then the bytes.
// Integers travel as pieces of exactly 1, 4 or 8 bytes. Every integer is
// little-endian (both ends run on one machine; x86-64 and arm64 alike).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::host::wire {

// Parent -> child calls carry ids the parent chooses, below kChildCallBit;
// the child's own calls (host services) have that bit set, so the two never
// clash. An answer carries the id of the call it answers.
enum class MessageType : std::uint8_t {
    describe = 0x01,        // () -> description
    create = 0x02,          // (config_json) -> result
    destroy = 0x03,         // () -> result
    invoke = 0x04,          // (operation, request_json, input, json_limit u64, output_limit u64, want_output u8) -> result
    verify_webhook = 0x05,  // (token, body, leeway i32, json_limit u64) -> result
    download_media = 0x06,  // (url, variant, json_limit u64, output_limit u64) -> result
    can_find_write = 0x07,  // (action, input_json) -> result (status = can_find's answer)
    find_write = 0x08,      // (action, input_json, has_cursor u8, cursor, json_limit u64) -> result
    check_step = 0x09,      // (operation, input_json, has_handle u8, handle_json, json_limit u64, output_limit u64) -> result

    result = 0x10,       // (status i32, json, output, error: code i32, http_status i32, retry_after_ms u32,
                         //  truncated u32, provider_code, message)
    description = 0x11,  // (status i32, id, name, version, message)

    // Child -> parent host services. call_id: the child's own id for this
    // callback (high bit set); the first piece names the parent call it is
    // made within (0: none, e.g. a plugin's own thread).
    log = 0x20,           // (within u32, level i32, message); no answer
    http = 0x21,          // (within u32, method, url, header_count u32, name, value..., body, timeout_ms u32)
    is_cancelled = 0x22,  // (within u32)

    // Parent -> child answers to the host services, call_id = the callback's id.
    http_result = 0x30,       // (status i32, http_status i32, header_count u32, name, value..., body, error as in result)
    cancelled_result = 0x31,  // (cancelled u8)
};

inline constexpr std::size_t kHeaderSize = 9;
// A larger frame is refused as a protocol error (the sender's output limits
// keep real answers far below).
inline constexpr std::uint32_t kMaxFramePayload = 1u << 30;
// The child's callback ids: this bit set, so they never equal a parent call id.
inline constexpr std::uint32_t kChildCallBit = 0x80000000u;

struct Frame {
    MessageType type = MessageType::result;
    std::uint32_t call_id = 0;
    std::string payload;  // the pieces, encoded
};

// Appends pieces to a frame's payload.
class PieceWriter {
public:
    explicit PieceWriter(std::string& payload) : out_(payload) {}
    PieceWriter& bytes(std::string_view data);
    PieceWriter& u8(std::uint8_t value);
    PieceWriter& u32(std::uint32_t value);
    PieceWriter& i32(std::int32_t value) { return u32(static_cast<std::uint32_t>(value)); }
    PieceWriter& u64(std::uint64_t value);

private:
    std::string& out_;
};

// Reads pieces in order. Every read throws WireError when the payload is
// shorter than announced or an integer piece has the wrong width.
// string_views point into the payload: it must outlive them.
class PieceReader {
public:
    explicit PieceReader(std::string_view payload) : rest_(payload) {}
    std::string_view bytes();
    std::uint8_t u8();
    std::uint32_t u32();
    std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
    std::uint64_t u64();

private:
    std::string_view fixed(std::size_t width);
    std::string_view rest_;
};

// A malformed frame, or a socket that failed or closed. `stream_ended`:
// the peer went away (end of stream inside a frame, connection reset),
// which says nothing about the peer's honesty; otherwise the bytes were
// malformed.
struct WireError {
    std::string what;
    bool stream_ended = false;
};

// Blocking whole-frame I/O on a stream socket. write_frame sends header and
// payload with one sendmsg per chunk (MSG_NOSIGNAL: a closed peer is an
// error, never SIGPIPE) and returns false when the peer is gone. read_frame
// returns false at a clean end of stream before a header; throws WireError
// for a truncated frame, an oversized one or a read error.
// Thread contract: one writer at a time per socket (callers hold a mutex),
// one reader.
bool write_frame(int fd, const Frame& frame) noexcept;
bool read_frame(int fd, Frame& frame);

}  // namespace photobridge::host::wire
