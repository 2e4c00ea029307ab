// render_portrait and the portrait_* conveniences from image_synth.hpp.
#include <algorithm>
#include <cmath>

#include "image_synth.hpp"
#include "seeded_random.hpp"

namespace photobridge::mock::dataset {
namespace {

struct Colour {
    std::uint8_t r, g, b;
};

Colour random_colour(SeededRandom& random, int low, int high) {
    return {static_cast<std::uint8_t>(random.between(low, high)), static_cast<std::uint8_t>(random.between(low, high)),
            static_cast<std::uint8_t>(random.between(low, high))};
}

// The colour of the block whose centre is at (cx, cy): cx in -0.5 .. 0.5
// across, cy in 0 .. 1 down.
Colour block_colour(double cx, double cy, Colour top, Colour bottom, Colour skin, Colour clothes) {
    const double head = (cx * cx) / 0.05 + ((cy - 0.4) * (cy - 0.4)) / 0.06;
    if (head <= 1.0) return skin;
    if (cy > 0.72 && std::abs(cx) < 0.45) return clothes;
    const double t = cy;
    return {static_cast<std::uint8_t>(top.r + (bottom.r - top.r) * t),
            static_cast<std::uint8_t>(top.g + (bottom.g - top.g) * t),
            static_cast<std::uint8_t>(top.b + (bottom.b - top.b) * t)};
}

}  // namespace

RgbImage render_portrait(std::string_view key, int width, int height) {
    SeededRandom random(SeededRandom::hash_label(key));
    const Colour top = random_colour(random, 90, 230);
    const Colour bottom = random_colour(random, 30, 160);
    const Colour skin{static_cast<std::uint8_t>(random.between(150, 240)),
                      static_cast<std::uint8_t>(random.between(110, 190)),
                      static_cast<std::uint8_t>(random.between(80, 160))};
    const Colour clothes = random_colour(random, 10, 120);

    RgbImage image;
    image.width = width;
    image.height = height;
    image.pixels.resize(static_cast<std::size_t>(width) * height * 3);
    // Colours are decided per 8x8 block (sampled at the block centre) so that
    // the JPEG encoder, which keeps one colour per block, is lossless here.
    for (int block_y = 0; block_y < height; block_y += 8) {
        const double cy = (block_y + 4.0) / height;  // 0 .. 1
        for (int block_x = 0; block_x < width; block_x += 8) {
            const double cx = (block_x + 4.0) / width - 0.5;  // -0.5 .. 0.5
            const Colour colour = block_colour(cx, cy, top, bottom, skin, clothes);
            for (int y = block_y; y < std::min(block_y + 8, height); ++y) {
                std::uint8_t* pixel = &image.pixels[(static_cast<std::size_t>(y) * width + block_x) * 3];
                for (int x = block_x; x < std::min(block_x + 8, width); ++x, pixel += 3) {
                    pixel[0] = colour.r;
                    pixel[1] = colour.g;
                    pixel[2] = colour.b;
                }
            }
        }
    }
    return image;
}

std::string portrait_jpeg(std::string_view key) { return encode_jpeg(render_portrait(key, 48, 64)); }
std::string portrait_png(std::string_view key) { return encode_png(render_portrait(key, 48, 64)); }

}  // namespace photobridge::mock::dataset
