#include "engine/content_hash.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace photobridge::engine {
namespace {

// Writes the canonical text of one record into `out`. Scalars and keys go
// through Boost.JSON's serializer, reset for each one, into `out` directly:
// one serializer per record instead of a temporary string per value.
class CanonicalWriter {
public:
    explicit CanonicalWriter(std::string& out) : out_(out) {}

    void value(const boost::json::value& v, int depth, bool in_media_item) {
        switch (v.kind()) {
            case boost::json::kind::object: object(v.get_object(), depth, in_media_item); return;
            case boost::json::kind::array: {
                out_ += '[';
                bool first = true;
                for (const auto& item : v.get_array()) {
                    if (!first) out_ += ',';
                    first = false;
                    value(item, depth + 1, false);
                }
                out_ += ']';
                return;
            }
            default:
                serializer_.reset(&v);
                drain();
                return;
        }
    }

private:
    void string(std::string_view s) {
        serializer_.reset(boost::json::string_view(s));
        drain();
    }

    void drain() {
        while (!serializer_.done()) out_.append(serializer_.read(buffer_, sizeof buffer_));
    }

    void object(const boost::json::object& o, int depth, bool is_media_item) {
        std::vector<const boost::json::key_value_pair*> fields;
        fields.reserve(o.size());
        for (const auto& kv : o) {
            if (depth == 0 && kv.key() == "raw") continue;
            if (is_media_item && (kv.key() == "url" || kv.key() == "expires_at")) continue;
            fields.push_back(&kv);
        }
        std::sort(fields.begin(), fields.end(), [](const auto* a, const auto* b) { return a->key() < b->key(); });
        out_ += '{';
        bool first = true;
        for (const auto* kv : fields) {
            if (!first) out_ += ',';
            first = false;
            string(kv->key());
            out_ += ':';
            if (depth == 0 && kv->key() == "media" && kv->value().is_array()) {
                out_ += '[';
                bool first_item = true;
                for (const auto& item : kv->value().get_array()) {
                    if (!first_item) out_ += ',';
                    first_item = false;
                    value(item, depth + 2, true);
                }
                out_ += ']';
            } else {
                value(kv->value(), depth + 1, false);
            }
        }
        out_ += '}';
    }

    std::string& out_;
    boost::json::serializer serializer_;
    char buffer_[256];
};

// SHA-256, fetched from the provider once: the implicit fetch that
// EVP_sha256() leads to costs a lookup on every digest. Never freed.
const EVP_MD* sha256() {
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (md == nullptr) throw std::runtime_error("content hash: OpenSSL has no SHA-256");
    return md;
}

}  // namespace

std::string canonical_text_for_hash(const boost::json::value& record) {
    std::string out;
    out.reserve(512);
    CanonicalWriter(out).value(record, 0, false);
    return out;
}

std::string content_hash(const boost::json::value& record) {
    const std::string text = canonical_text_for_hash(record);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(text.data(), text.size(), digest, &length, sha256(), nullptr) != 1)
        throw std::runtime_error("content hash: OpenSSL SHA-256 failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 0x0f];
    }
    return hex;
}

}  // namespace photobridge::engine
