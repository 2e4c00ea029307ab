#include "engine/content_hash.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace photobridge::engine {
namespace {

void write_canonical(const boost::json::value& v, std::string& out, int depth, bool in_media_item);

void write_string(std::string_view s, std::string& out) { out += boost::json::serialize(boost::json::string_view(s)); }

void write_object(const boost::json::object& o, std::string& out, int depth, bool is_media_item) {
    std::vector<const boost::json::key_value_pair*> fields;
    fields.reserve(o.size());
    for (const auto& kv : o) {
        if (depth == 0 && kv.key() == "raw") continue;
        if (is_media_item && (kv.key() == "url" || kv.key() == "expires_at")) continue;
        fields.push_back(&kv);
    }
    std::sort(fields.begin(), fields.end(), [](const auto* a, const auto* b) { return a->key() < b->key(); });
    out += '{';
    bool first = true;
    for (const auto* kv : fields) {
        if (!first) out += ',';
        first = false;
        write_string(kv->key(), out);
        out += ':';
        if (depth == 0 && kv->key() == "media" && kv->value().is_array()) {
            out += '[';
            bool first_item = true;
            for (const auto& item : kv->value().get_array()) {
                if (!first_item) out += ',';
                first_item = false;
                write_canonical(item, out, depth + 2, true);
            }
            out += ']';
        } else {
            write_canonical(kv->value(), out, depth + 1, false);
        }
    }
    out += '}';
}

void write_canonical(const boost::json::value& v, std::string& out, int depth, bool in_media_item) {
    switch (v.kind()) {
        case boost::json::kind::object: write_object(v.get_object(), out, depth, in_media_item); return;
        case boost::json::kind::array: {
            out += '[';
            bool first = true;
            for (const auto& item : v.get_array()) {
                if (!first) out += ',';
                first = false;
                write_canonical(item, out, depth + 1, false);
            }
            out += ']';
            return;
        }
        default: out += boost::json::serialize(v); return;
    }
}

}  // namespace

std::string canonical_text_for_hash(const boost::json::value& record) {
    std::string out;
    out.reserve(512);
    write_canonical(record, out, 0, false);
    return out;
}

std::string content_hash(const boost::json::value& record) {
    const std::string text = canonical_text_for_hash(record);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1)
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
