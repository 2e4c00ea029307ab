// encode_png from image_synth.hpp: PNG signature, IHDR, one IDAT, IEND.
//
// The IDAT payload is a zlib stream of stored (uncompressed) deflate blocks
// (RFC 1950/1951) with a real Adler-32, and every chunk has a real CRC-32
// (ISO 3309, as PNG requires). Computing them here keeps the mock library
// free of a zlib link dependency; the images are a few kilobytes, so
// compression would buy nothing.
#include <algorithm>
#include <array>

#include "image_synth.hpp"

namespace photobridge::mock::dataset {
namespace {

constexpr std::array<std::uint32_t, 256> make_crc_table() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t n = 0; n < 256; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 8; ++k) c = (c & 1U) ? 0xEDB88320U ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    return table;
}
constexpr auto kCrcTable = make_crc_table();

std::uint32_t crc32_of(std::string_view bytes) {
    std::uint32_t c = 0xFFFFFFFFU;
    for (char byte : bytes) c = kCrcTable[(c ^ static_cast<unsigned char>(byte)) & 0xFFU] ^ (c >> 8);
    return c ^ 0xFFFFFFFFU;
}

std::uint32_t adler32_of(std::string_view bytes) {
    std::uint32_t a = 1, b = 0;
    for (char byte : bytes) {
        a = (a + static_cast<unsigned char>(byte)) % 65521U;
        b = (b + a) % 65521U;
    }
    return (b << 16) | a;
}

void append_u32_be(std::string& out, std::uint32_t value) {
    out.push_back(static_cast<char>(value >> 24));
    out.push_back(static_cast<char>(value >> 16));
    out.push_back(static_cast<char>(value >> 8));
    out.push_back(static_cast<char>(value));
}

// A zlib stream (no compression) holding `raw`.
std::string zlib_stored(std::string_view raw) {
    std::string out = "\x78\x01";  // deflate, 32 KiB window, no preset dictionary; (0x7801 % 31 == 0)
    std::size_t offset = 0;
    do {
        const std::size_t length = std::min<std::size_t>(65535, raw.size() - offset);
        const bool final_block = offset + length == raw.size();
        out.push_back(final_block ? '\x01' : '\x00');  // BFINAL, BTYPE 00 (stored)
        out.push_back(static_cast<char>(length & 0xFF));
        out.push_back(static_cast<char>(length >> 8));
        out.push_back(static_cast<char>(~length & 0xFF));
        out.push_back(static_cast<char>((~length >> 8) & 0xFF));
        out.append(raw.substr(offset, length));
        offset += length;
    } while (offset < raw.size());
    append_u32_be(out, adler32_of(raw));
    return out;
}

// A chunk is length, type, data, then the CRC-32 of type and data.
void append_chunk(std::string& out, std::string_view type, std::string_view data) {
    append_u32_be(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t type_offset = out.size();
    out.append(type);
    out.append(data);
    append_u32_be(out, crc32_of(std::string_view(out).substr(type_offset)));
}

}  // namespace

std::string encode_png(const RgbImage& image) {
    std::string header;
    append_u32_be(header, static_cast<std::uint32_t>(image.width));
    append_u32_be(header, static_cast<std::uint32_t>(image.height));
    header += std::string{'\x08', '\x02', '\x00', '\x00', '\x00'};  // 8-bit, RGB, deflate, no filter, no interlace

    // Each scanline starts with filter type 0 (none).
    std::string raw;
    const std::size_t row_bytes = static_cast<std::size_t>(image.width) * 3;
    raw.reserve((row_bytes + 1) * image.height);
    for (int y = 0; y < image.height; ++y) {
        raw.push_back('\0');
        raw.append(reinterpret_cast<const char*>(image.pixels.data() + y * row_bytes), row_bytes);
    }

    std::string png = "\x89PNG\r\n\x1a\n";
    append_chunk(png, "IHDR", header);
    append_chunk(png, "IDAT", zlib_stored(raw));
    append_chunk(png, "IEND", {});
    return png;
}

}  // namespace photobridge::mock::dataset
