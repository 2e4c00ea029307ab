// multipart/form-data bodies (RFC 7578) for uploads.
#pragma once

#include <photobridge/sdk/error.hpp>

#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace photobridge::sdk {

// Builds one multipart/form-data body. Field names and file names must not
// contain CR, LF or '"' (refused with INVALID_ARGUMENT); the boundary is
// random and checked against the content.
class Multipart {
public:
    Multipart() {
        static constexpr char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        // Seeded once per thread: a std::random_device per body costs more
        // than building the body (measured: 8% of a sync's CPU).
        thread_local std::mt19937_64 gen{std::random_device{}()};
        boundary_ = "photobridge-";
        for (int i = 0; i < 32; ++i) boundary_ += alphabet[gen() % (sizeof alphabet - 1)];
    }

    Multipart& field(std::string_view name, std::string_view value) {
        begin_part(name);
        body_.append("\r\n\r\n");
        append_checked(value);
        body_.append("\r\n");
        return *this;
    }

    Multipart& file(std::string_view name, std::string_view filename, std::string_view content_type,
                    std::string_view content) {
        // Room for the content and what usually follows it (a few text
        // fields, the closing boundary) at once: appending a large file to
        // a full string would copy it again when the string grows.
        body_.reserve(body_.size() + content.size() + name.size() + filename.size() + content_type.size() +
                      4 * boundary_.size() + 1024);
        begin_file_part(name, filename, content_type);
        append_checked(content);
        body_.append("\r\n");
        return *this;
    }

    // Like file(), but `content` is borrowed, not copied: it must stay alive
    // and unchanged until the request is sent. With finish_pieces() (what
    // ApiClient::send_multipart uses) a photo goes out from the caller's
    // buffer, e.g. a Call's input bytes, without a copy of it.
    Multipart& file_view(std::string_view name, std::string_view filename, std::string_view content_type,
                         std::string_view content) {
        begin_file_part(name, filename, content_type);
        check_no_boundary(content);
        borrowed_.emplace_back(body_.size(), content);
        body_.append("\r\n");
        return *this;
    }

    std::string content_type() const { return "multipart/form-data; boundary=" + boundary_; }

    // The bytes of the contents file_view() borrowed.
    std::size_t borrowed_bytes() const noexcept {
        std::size_t n = 0;
        for (const auto& [at, content] : borrowed_) n += content.size();
        return n;
    }

    // The finished body in one buffer, borrowed contents copied in; the
    // builder is spent afterwards.
    std::string finish() {
        close();
        if (borrowed_.empty()) return std::move(body_);
        std::size_t size = body_.size();
        for (const auto& [at, content] : borrowed_) size += content.size();
        std::string whole;
        whole.reserve(size);
        for (const std::string_view piece : pieces()) whole.append(piece);
        return whole;
    }

    // The finished body as HttpRequest::body_pieces: views, in order, of this
    // builder's text and of the borrowed contents. The builder must stay
    // alive, unmoved, until the request is sent; it is spent afterwards.
    std::vector<std::string_view> finish_pieces() {
        close();
        return pieces();
    }

private:
    static void check_token(std::string_view text, const char* what) {
        if (text.find_first_of("\r\n\"") != std::string_view::npos)
            throw invalid_argument(std::string(what) + " '" + std::string(text) + "' contains CR, LF or a quote");
    }
    void begin_part(std::string_view name) {
        check_token(name, "field name");
        body_.append("--").append(boundary_).append("\r\n");
        body_.append("Content-Disposition: form-data; name=\"").append(name).append("\"");
    }
    void begin_file_part(std::string_view name, std::string_view filename, std::string_view content_type) {
        check_token(filename, "file name");
        begin_part(name);
        body_.append("; filename=\"").append(filename).append("\"\r\n");
        body_.append("Content-Type: ").append(content_type).append("\r\n\r\n");
    }
    void check_no_boundary(std::string_view content) const {
        if (content.find(boundary_) != std::string_view::npos)
            throw Error(PB_ERR_INTERNAL, "multipart boundary collision");
    }
    void append_checked(std::string_view content) {
        check_no_boundary(content);
        body_.append(content);
    }
    void close() { body_.append("--").append(boundary_).append("--\r\n"); }

    std::vector<std::string_view> pieces() const {
        std::vector<std::string_view> out;
        const std::string_view text(body_);
        std::size_t from = 0;
        for (const auto& [at, content] : borrowed_) {
            out.push_back(text.substr(from, at - from));
            out.push_back(content);
            from = at;
        }
        out.push_back(text.substr(from));
        return out;
    }

    std::string boundary_;
    std::string body_;
    // Contents of file_view(): where each goes in body_, and the bytes.
    std::vector<std::pair<std::size_t, std::string_view>> borrowed_;
};

// The media type of an image from its first bytes: "image/png", "image/jpeg",
// or "" when it is neither.
inline std::string sniff_image_type(std::string_view bytes) {
    if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return "image/png";
    if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
        static_cast<unsigned char>(bytes[1]) == 0xD8 && static_cast<unsigned char>(bytes[2]) == 0xFF)
        return "image/jpeg";
    return "";
}

}  // namespace photobridge::sdk
