// encode_jpeg from image_synth.hpp: a baseline (SOF0) JFIF encoder that
// writes three 4:4:4 YCbCr components and one DC coefficient per 8x8 block.
//
// Why DC only: a flat 8x8 block's forward DCT has a single non-zero
// coefficient, F(0,0) = 8 * (sample - 128). With a quantiser of 8 the stored
// DC value is exactly (sample - 128), so flat-block images round-trip
// losslessly and every AC coefficient is zero (coded as end-of-block).
#include <array>
#include <cmath>

#include "image_synth.hpp"

namespace photobridge::mock::dataset {
namespace {

// The DC Huffman table of ITU T.81 Annex K.3 (luminance): code-length counts
// for lengths 1..16 and the categories 0..11 they code.
constexpr std::array<std::uint8_t, 16> kDcCodeLengthCounts{0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
constexpr std::array<std::uint8_t, 12> kDcSymbols{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
// A two-symbol AC table: end-of-block (0x00) and zero-run-16 (0xF0), both
// two bits long. Only end-of-block is ever written.
constexpr std::array<std::uint8_t, 16> kAcCodeLengthCounts{0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
constexpr std::array<std::uint8_t, 2> kAcSymbols{0x00, 0xF0};
constexpr std::uint8_t kQuantiser = 8;

struct HuffmanCode {
    std::uint16_t bits = 0;
    std::uint8_t length = 0;
};

// Canonical Huffman codes (T.81 Annex C) from the code-length counts.
template <std::size_t N>
std::array<HuffmanCode, 256> canonical_codes(const std::array<std::uint8_t, 16>& counts,
                                             const std::array<std::uint8_t, N>& symbols) {
    std::array<HuffmanCode, 256> codes{};
    std::uint16_t code = 0;
    std::size_t k = 0;
    for (std::uint8_t length = 1; length <= 16; ++length) {
        for (std::uint8_t i = 0; i < counts[length - 1] && k < N; ++i) codes[symbols[k++]] = {code++, length};
        code = static_cast<std::uint16_t>(code << 1);
    }
    return codes;
}

class BitWriter {
public:
    explicit BitWriter(std::string& out) : out_(out) {}

    // Appends the low `length` bits of `bits` (length 0..16), most significant first.
    void write(std::uint32_t bits, int length) {
        pending_ = (pending_ << length) | (bits & ((1U << length) - 1U));
        filled_ += length;
        while (filled_ >= 8) {
            filled_ -= 8;
            emit(static_cast<std::uint8_t>(pending_ >> filled_));
        }
    }

    // Pads the last byte with 1-bits, as T.81 F.1.2.3 requires.
    void flush() {
        if (filled_ != 0) write((1U << (8 - filled_)) - 1U, 8 - filled_);
    }

private:
    void emit(std::uint8_t byte) {
        out_.push_back(static_cast<char>(byte));
        if (byte == 0xFF) out_.push_back('\0');  // byte stuffing
    }

    std::string& out_;
    std::uint32_t pending_ = 0;  // the low `filled_` bits are not yet emitted
    int filled_ = 0;             // 0..7 between calls
};

void append_u16(std::string& out, unsigned value) {
    out.push_back(static_cast<char>((value >> 8) & 0xFF));
    out.push_back(static_cast<char>(value & 0xFF));
}

void append_marker_segment(std::string& out, std::uint8_t marker, const std::string& payload) {
    out.push_back('\xFF');
    out.push_back(static_cast<char>(marker));
    append_u16(out, static_cast<unsigned>(payload.size() + 2));
    out += payload;
}

template <std::size_t N>
std::string huffman_table_payload(std::uint8_t class_and_id, const std::array<std::uint8_t, 16>& counts,
                                  const std::array<std::uint8_t, N>& symbols) {
    std::string payload(1, static_cast<char>(class_and_id));
    for (auto c : counts) payload.push_back(static_cast<char>(c));
    for (auto s : symbols) payload.push_back(static_cast<char>(s));
    return payload;
}

std::uint8_t clamp_byte(double value) {
    return static_cast<std::uint8_t>(std::lround(std::fmin(255.0, std::fmax(0.0, value))));
}

}  // namespace

std::string encode_jpeg(const RgbImage& image) {
    static const auto dc_codes = canonical_codes(kDcCodeLengthCounts, kDcSymbols);
    static const auto ac_codes = canonical_codes(kAcCodeLengthCounts, kAcSymbols);

    std::string out = "\xFF\xD8";  // SOI
    append_marker_segment(out, 0xE0, std::string("JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00", 14));
    std::string quantisation_table(65, static_cast<char>(kQuantiser));  // table 0, then its 64 entries
    quantisation_table[0] = '\0';
    append_marker_segment(out, 0xDB, quantisation_table);

    std::string frame(1, '\x08');  // 8-bit samples
    append_u16(frame, static_cast<unsigned>(image.height));
    append_u16(frame, static_cast<unsigned>(image.width));
    frame.push_back('\x03');
    for (char component : {'\x01', '\x02', '\x03'}) frame += std::string{component, '\x11', '\x00'};
    append_marker_segment(out, 0xC0, frame);

    append_marker_segment(out, 0xC4, huffman_table_payload(0x00, kDcCodeLengthCounts, kDcSymbols));
    append_marker_segment(out, 0xC4, huffman_table_payload(0x10, kAcCodeLengthCounts, kAcSymbols));

    std::string scan(1, '\x03');
    for (char component : {'\x01', '\x02', '\x03'}) scan += std::string{component, '\x00'};
    scan += std::string{'\x00', '\x3F', '\x00'};  // spectral selection 0..63, no approximation
    append_marker_segment(out, 0xDA, scan);

    BitWriter writer(out);
    std::array<int, 3> predictor{0, 0, 0};
    for (int block_y = 0; block_y < image.height / 8; ++block_y) {
        for (int block_x = 0; block_x < image.width / 8; ++block_x) {
            // The block's average colour (sums of at most 64 * 255: exact in an int).
            int r_sum = 0, g_sum = 0, b_sum = 0;
            for (int y = 0; y < 8; ++y) {
                const std::uint8_t* p =
                    &image.pixels[(static_cast<std::size_t>(block_y * 8 + y) * image.width + block_x * 8) * 3];
                for (int x = 0; x < 8; ++x, p += 3) {
                    r_sum += p[0];
                    g_sum += p[1];
                    b_sum += p[2];
                }
            }
            const double r = r_sum / 64.0, g = g_sum / 64.0, b = b_sum / 64.0;
            const std::array<std::uint8_t, 3> ycbcr{
                clamp_byte(0.299 * r + 0.587 * g + 0.114 * b),
                clamp_byte(-0.168736 * r - 0.331264 * g + 0.5 * b + 128),
                clamp_byte(0.5 * r - 0.418688 * g - 0.081312 * b + 128)};
            for (std::size_t component = 0; component < 3; ++component) {
                const int dc = ycbcr[component] - 128;
                const int diff = dc - predictor[component];
                predictor[component] = dc;
                int magnitude = diff < 0 ? -diff : diff;
                int category = 0;
                while (magnitude > 0) {
                    ++category;
                    magnitude >>= 1;
                }
                writer.write(dc_codes[category].bits, dc_codes[category].length);
                if (category > 0) {
                    const int extra = diff < 0 ? diff + (1 << category) - 1 : diff;
                    writer.write(static_cast<std::uint32_t>(extra), category);
                }
                writer.write(ac_codes[0x00].bits, ac_codes[0x00].length);  // end of block
            }
        }
    }
    writer.flush();
    out += "\xFF\xD9";  // EOI
    return out;
}

}  // namespace photobridge::mock::dataset
