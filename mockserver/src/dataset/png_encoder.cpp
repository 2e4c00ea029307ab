// encode_png from image_synth.hpp: PNG signature, IHDR, one IDAT, IEND.
//
// The IDAT payload and the chunk CRC-32s come from zlib (compress2, crc32).
// Level Z_NO_COMPRESSION: the images are a few kilobytes and are served on
// the benchmark's hot path, where deflating them would buy nothing.
#include <algorithm>
#include <stdexcept>

#include <zlib.h>

#include "image_synth.hpp"

namespace photobridge::mock::dataset {
namespace {

void append_u32_be(std::string& out, std::uint32_t value) {
    out.push_back(static_cast<char>(value >> 24));
    out.push_back(static_cast<char>(value >> 16));
    out.push_back(static_cast<char>(value >> 8));
    out.push_back(static_cast<char>(value));
}

// A zlib stream (RFC 1950) holding `raw`.
std::string zlib_stream(std::string_view raw) {
    uLongf size = compressBound(static_cast<uLong>(raw.size()));
    std::string out(size, '\0');
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
                  static_cast<uLong>(raw.size()), Z_NO_COMPRESSION) != Z_OK)
        throw std::runtime_error("encode_png: zlib compress2 failed");
    out.resize(size);
    return out;
}

// A chunk is length, type, data, then the CRC-32 of type and data.
void append_chunk(std::string& out, std::string_view type, std::string_view data) {
    append_u32_be(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t type_offset = out.size();
    out.append(type);
    out.append(data);
    const std::string_view crc_input = std::string_view(out).substr(type_offset);
    append_u32_be(out, static_cast<std::uint32_t>(
                           crc32(0L, reinterpret_cast<const Bytef*>(crc_input.data()), static_cast<uInt>(crc_input.size()))));
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
    append_chunk(png, "IDAT", zlib_stream(raw));
    append_chunk(png, "IEND", {});
    return png;
}

}  // namespace photobridge::mock::dataset
