// dataset_photo_jpeg from image_synth.hpp: photos of a realistic size
// without rendering one per request. One base per size: the 96x128 portrait
// of a fixed key, then comment (COM) segments of incompressible filler up to
// the size, so the file is a valid JPEG any decoder shows as the portrait.
// Each key's copy has the key's hash written into the first comment, so
// every record's bytes (and content hash) differ.
#include "image_synth.hpp"

#include <cstring>
#include <map>
#include <memory>
#include <mutex>

namespace photobridge::mock::dataset {
namespace {

constexpr std::size_t kSegmentPayloadMax = 65533;  // a segment's 16-bit length counts its own 2 bytes
constexpr std::size_t kHashBytes = 16;             // hex digits of the key's 64-bit hash

struct SizedBase {
    std::string bytes;
    std::size_t hash_at = 0;  // where the key's hash goes (inside the first comment)
};

std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t h = 1469598103934665603ull;
    for (const unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

SizedBase make_base(std::size_t image_bytes) {
    const std::string portrait = encode_jpeg(render_portrait("photobridge-sized-photo", 96, 128));
    // SOI, then the JFIF APP0 segment, which must come first: the comments
    // go right after it.
    const std::size_t app0_end = 4 + ((static_cast<unsigned char>(portrait[4]) << 8) | static_cast<unsigned char>(portrait[5]));
    SizedBase base;
    base.bytes.reserve(std::max(image_bytes, portrait.size() + 4 + kHashBytes));
    base.bytes.append(portrait, 0, app0_end);
    std::size_t remaining = image_bytes > portrait.size() ? image_bytes - portrait.size() : 0;
    std::uint64_t filler = 0x9E3779B97F4A7C15ull;
    bool first = true;
    while (first || remaining > 0) {
        // Every segment costs 4 bytes of marker and length; the last may
        // round the total up by a few bytes.
        std::size_t payload = remaining > 4 ? std::min(remaining - 4, kSegmentPayloadMax) : 0;
        if (first) payload = std::max(payload, kHashBytes);
        base.bytes.push_back(static_cast<char>(0xFF));
        base.bytes.push_back(static_cast<char>(0xFE));
        base.bytes.push_back(static_cast<char>((payload + 2) >> 8));
        base.bytes.push_back(static_cast<char>((payload + 2) & 0xFF));
        if (first) base.hash_at = base.bytes.size();
        for (std::size_t i = 0; i < payload; ++i) {
            filler ^= filler << 13;
            filler ^= filler >> 7;
            filler ^= filler << 17;
            base.bytes.push_back(static_cast<char>(filler & 0xFF));
        }
        remaining = remaining > payload + 4 ? remaining - payload - 4 : 0;
        first = false;
    }
    base.bytes.append(portrait, app0_end, std::string::npos);
    return base;
}

const SizedBase& base_for(std::size_t image_bytes) {
    static std::mutex mutex;
    static std::map<std::size_t, std::unique_ptr<const SizedBase>> bases;
    std::lock_guard lock(mutex);
    auto& slot = bases[image_bytes];
    if (!slot) slot = std::make_unique<const SizedBase>(make_base(image_bytes));
    return *slot;
}

}  // namespace

std::string dataset_photo_jpeg(std::string_view key, std::size_t image_bytes) {
    if (image_bytes == 0) return portrait_jpeg(key);
    const SizedBase& base = base_for(image_bytes);
    std::string out = base.bytes;
    static constexpr char kHex[] = "0123456789abcdef";
    const std::uint64_t h = fnv1a(key);
    for (std::size_t i = 0; i < kHashBytes; ++i) out[base.hash_at + i] = kHex[(h >> (60 - 4 * i)) & 0xF];
    return out;
}

}  // namespace photobridge::mock::dataset
