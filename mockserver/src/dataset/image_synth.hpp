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

// A dataset's photo for `key` (--image-bytes): portrait_jpeg(key) when
// image_bytes is 0; else a valid JPEG of image_bytes bytes (a few more when
// that is below the portrait's own size or ends a few bytes short of a
// whole comment segment), the same for every key but for 16 bytes of the
// key's hash. The base is made once per size (thread-safe, kept until exit);
// each call copies it once. sized_photo.cpp.
std::string dataset_photo_jpeg(std::string_view key, std::size_t image_bytes);

}  // namespace photobridge::mock::dataset
