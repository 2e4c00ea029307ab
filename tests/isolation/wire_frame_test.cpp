// The frames of process isolation (host/wire_frame.hpp): what one end
// writes the other reads back, and malformed input is an error, never a
// crash or an overrun.
#include <doctest/doctest.h>

#include "host/wire_frame.hpp"
#include "host/wire_messages.hpp"

#include <photobridge/sdk/error.hpp>

#include <cstring>
#include <string>

#include <sys/socket.h>
#include <unistd.h>

using namespace photobridge::host;

namespace {

struct SocketPair {
    int fd[2] = {-1, -1};
    SocketPair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == 0); }
    ~SocketPair() {
        for (int f : fd)
            if (f >= 0) ::close(f);
    }
    void close_writer() {
        ::close(fd[0]);
        fd[0] = -1;
    }
};

void write_raw(int fd, const std::string& bytes) {
    REQUIRE(::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
}

std::string header(std::uint32_t length, std::uint8_t type, std::uint32_t id) {
    std::string h(9, '\0');
    for (int i = 0; i < 4; ++i) h[i] = static_cast<char>((length >> (8 * i)) & 0xFF);
    h[4] = static_cast<char>(type);
    for (int i = 0; i < 4; ++i) h[5 + i] = static_cast<char>((id >> (8 * i)) & 0xFF);
    return h;
}

}  // namespace

TEST_CASE("wire: a frame of pieces reads back as written") {
    SocketPair pair;
    wire::Frame out{wire::MessageType::invoke, 42, {}};
    const std::string binary("a\0b\xff", 4);
    wire::PieceWriter(out.payload).bytes("echo").bytes(binary).u8(1).u32(0xDEADBEEF).u64(1ull << 40).i32(-7);
    REQUIRE(wire::write_frame(pair.fd[0], out));
    wire::Frame in;
    REQUIRE(wire::read_frame(pair.fd[1], in));
    CHECK(in.type == wire::MessageType::invoke);
    CHECK(in.call_id == 42);
    wire::PieceReader r(in.payload);
    CHECK(r.bytes() == "echo");
    CHECK(r.bytes() == binary);
    CHECK(r.u8() == 1);
    CHECK(r.u32() == 0xDEADBEEF);
    CHECK(r.u64() == (1ull << 40));
    CHECK(r.i32() == -7);
    CHECK_THROWS_AS(r.bytes(), wire::WireError);  // nothing more
}

TEST_CASE("wire: the header is little-endian length then type then call id") {
    SocketPair pair;
    wire::Frame out{wire::MessageType::log, 0x01020304, "xyz"};
    REQUIRE(wire::write_frame(pair.fd[0], out));
    char raw[12];
    REQUIRE(::read(pair.fd[1], raw, sizeof raw) == 12);
    CHECK(std::string(raw, 9) == header(3, 0x20, 0x01020304));
    CHECK(std::string(raw + 9, 3) == "xyz");
}

TEST_CASE("wire: a clean end of stream before a header is the end and not an error") {
    SocketPair pair;
    pair.close_writer();
    wire::Frame in;
    CHECK_FALSE(wire::read_frame(pair.fd[1], in));
}

TEST_CASE("wire: a stream that ends inside a frame is an error") {
    SocketPair pair;
    write_raw(pair.fd[0], header(100, 0x10, 1) + "only ten b");
    pair.close_writer();
    wire::Frame in;
    CHECK_THROWS_AS(wire::read_frame(pair.fd[1], in), wire::WireError);
}

TEST_CASE("wire: a frame over the size limit is refused before any allocation") {
    SocketPair pair;
    write_raw(pair.fd[0], header(0xFFFFFFFFu, 0x10, 1));
    wire::Frame in;
    CHECK_THROWS_AS(wire::read_frame(pair.fd[1], in), wire::WireError);
}

TEST_CASE("wire: pieces longer than the payload or integers of the wrong width are errors") {
    std::string payload;
    wire::PieceWriter(payload).bytes("ab");
    payload[0] = 50;  // claims 50 bytes
    wire::PieceReader too_long(payload);
    CHECK_THROWS_AS(too_long.bytes(), wire::WireError);

    std::string narrow;
    wire::PieceWriter(narrow).u8(1);
    wire::PieceReader wrong_width(narrow);
    CHECK_THROWS_AS(wrong_width.u32(), wire::WireError);

    wire::PieceReader empty("");
    CHECK_THROWS_AS(empty.u64(), wire::WireError);
}

TEST_CASE("wire: an error struct from the other side is cut to the buffers and marked truncated") {
    pb_error sent = photobridge::sdk::make_error_struct();
    sent.code = PB_ERR_CONFLICT;
    sent.http_status = 422;
    sent.retry_after_ms = 1500;
    std::strcpy(sent.provider_code, "dup");
    std::strcpy(sent.message, "already there");
    std::string payload;
    wire::PieceWriter w(payload);
    wire::write_error(w, sent);
    wire::PieceReader r(payload);
    pb_error got = photobridge::sdk::make_error_struct();
    wire::read_error(r, &got);
    CHECK(got.code == PB_ERR_CONFLICT);
    CHECK(got.http_status == 422);
    CHECK(got.retry_after_ms == 1500);
    CHECK(std::string(got.provider_code) == "dup");
    CHECK(std::string(got.message) == "already there");
    CHECK(got.truncated == 0);

    // A hostile sender's 5,000-byte message fits the 1,024-byte buffer.
    std::string hostile;
    wire::PieceWriter(hostile).i32(PB_ERR_INTERNAL).i32(0).u32(0).u32(0).bytes(std::string(300, 'c')).bytes(
        std::string(5000, 'm'));
    wire::PieceReader hr(hostile);
    pb_error cut = photobridge::sdk::make_error_struct();
    wire::read_error(hr, &cut);
    CHECK(cut.truncated == 1);
    CHECK(std::strlen(cut.message) < PB_ERROR_MESSAGE_CAPACITY);
    CHECK(std::strlen(cut.provider_code) < PB_ERROR_CODE_CAPACITY);
}
