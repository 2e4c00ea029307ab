// Small, real, deterministic images for CDN and download routes.
//
// The mock never ships binary assets: every image is encoded on demand from
// a key (a photo id), so the same key always gives the same bytes and any
// image decoder accepts them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::mock::dataset {

struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // row-major, 3 bytes (R, G, B) per pixel
};

// A stylised portrait (background gradient, head, shoulders) whose colours
// are derived from `key`. Width and height must be positive multiples of 8.
RgbImage render_portrait(std::string_view key, int width, int height);

// Encodes as PNG (8-bit RGB; IDAT is a zlib stream of stored deflate blocks;
// real CRC-32 and Adler-32). png_encoder.cpp.
std::string encode_png(const RgbImage& image);

// Encodes as a baseline JFIF JPEG. The encoder keeps only the average colour
// of each 8x8 block (DC coefficients), which is exact for images whose
// blocks are flat, as render_portrait's are. jpeg_encoder.cpp.
std::string encode_jpeg(const RgbImage& image);

// Convenience: the 48x64 portrait for `key`, encoded.
std::string portrait_jpeg(std::string_view key);
std::string portrait_png(std::string_view key);

}  // namespace photobridge::mock::dataset
