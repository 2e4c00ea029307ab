#include "host/wire_frame.hpp"

#include <cerrno>
#include <cstring>

#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace photobridge::host::wire {
namespace {

void put_le(std::string& out, std::uint64_t value, std::size_t width) {
    for (std::size_t i = 0; i < width; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFu));
}

std::uint64_t get_le(std::string_view data) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < data.size(); ++i)
        value |= static_cast<std::uint64_t>(static_cast<unsigned char>(data[i])) << (8 * i);
    return value;
}

// Reads exactly `size` bytes. Returns the count read before a clean end of
// stream (less than size only then); throws on a read error.
std::size_t read_fully(int fd, char* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::read(fd, data + done, size - done);
        if (n == 0) return done;
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == ECONNRESET) return done;  // the peer died with data unread: its end
            throw WireError{std::string("read: ") + std::strerror(errno), true};
        }
        done += static_cast<std::size_t>(n);
    }
    return done;
}

}  // namespace

PieceWriter& PieceWriter::bytes(std::string_view data) {
    put_le(out_, data.size(), 4);
    out_.append(data.data(), data.size());
    return *this;
}

PieceWriter& PieceWriter::u8(std::uint8_t value) {
    put_le(out_, 1, 4);
    put_le(out_, value, 1);
    return *this;
}

PieceWriter& PieceWriter::u32(std::uint32_t value) {
    put_le(out_, 4, 4);
    put_le(out_, value, 4);
    return *this;
}

PieceWriter& PieceWriter::u64(std::uint64_t value) {
    put_le(out_, 8, 4);
    put_le(out_, value, 8);
    return *this;
}

std::string_view PieceReader::bytes() {
    if (rest_.size() < 4) throw WireError{"frame payload ends inside a piece length"};
    const std::uint64_t size = get_le(rest_.substr(0, 4));
    rest_.remove_prefix(4);
    if (size > rest_.size()) throw WireError{"a piece is longer than the frame payload"};
    const std::string_view piece = rest_.substr(0, size);
    rest_.remove_prefix(size);
    return piece;
}

std::string_view PieceReader::fixed(std::size_t width) {
    const std::string_view piece = bytes();
    if (piece.size() != width)
        throw WireError{"an integer piece of " + std::to_string(piece.size()) + " bytes, " + std::to_string(width) +
                        " expected"};
    return piece;
}

std::uint8_t PieceReader::u8() { return static_cast<std::uint8_t>(get_le(fixed(1))); }
std::uint32_t PieceReader::u32() { return static_cast<std::uint32_t>(get_le(fixed(4))); }
std::uint64_t PieceReader::u64() { return get_le(fixed(8)); }

bool write_frame(int fd, const Frame& frame) noexcept {
    if (frame.payload.size() > kMaxFramePayload) return false;
    char header[kHeaderSize];
    const auto length = static_cast<std::uint32_t>(frame.payload.size());
    for (int i = 0; i < 4; ++i) header[i] = static_cast<char>((length >> (8 * i)) & 0xFFu);
    header[4] = static_cast<char>(frame.type);
    for (int i = 0; i < 4; ++i) header[5 + i] = static_cast<char>((frame.call_id >> (8 * i)) & 0xFFu);

    iovec parts[2] = {{header, kHeaderSize}, {const_cast<char*>(frame.payload.data()), frame.payload.size()}};
    int first = 0;
    while (first < 2) {
        msghdr message{};
        message.msg_iov = parts + first;
        message.msg_iovlen = static_cast<std::size_t>(2 - first);
        const ssize_t n = ::sendmsg(fd, &message, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        auto sent = static_cast<std::size_t>(n);
        while (first < 2 && sent >= parts[first].iov_len) {
            sent -= parts[first].iov_len;
            ++first;
        }
        if (first < 2) {
            parts[first].iov_base = static_cast<char*>(parts[first].iov_base) + sent;
            parts[first].iov_len -= sent;
        }
    }
    return true;
}

bool read_frame(int fd, Frame& frame) {
    char header[kHeaderSize];
    const std::size_t got = read_fully(fd, header, kHeaderSize);
    if (got == 0) return false;
    if (got < kHeaderSize) throw WireError{"the stream ended inside a frame header", true};
    const std::uint64_t length = get_le(std::string_view(header, 4));
    if (length > kMaxFramePayload) throw WireError{"a frame of " + std::to_string(length) + " bytes is over the limit"};
    frame.type = static_cast<MessageType>(static_cast<unsigned char>(header[4]));
    frame.call_id = static_cast<std::uint32_t>(get_le(std::string_view(header + 5, 4)));
    frame.payload.resize(length);
    if (read_fully(fd, frame.payload.data(), length) < length)
        throw WireError{"the stream ended inside a frame", true};
    return true;
}

}  // namespace photobridge::host::wire
