#include "request_helpers.hpp"

#include <charconv>

namespace photobridge::mock::dataset {

const std::string* query_value(const MockRequest& request, std::string_view name) {
    const auto it = request.query.find(std::string(name));
    return it == request.query.end() ? nullptr : &it->second;
}

const std::string* header_value(const MockRequest& request, std::string_view name) {
    const auto it = request.headers.find(std::string(name));
    return it == request.headers.end() ? nullptr : &it->second;
}

MockResponse json_response(int status, std::string body) {
    MockResponse response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

MockResponse json_response(int status, const boost::json::value& body) {
    return json_response(status, boost::json::serialize(body));
}

MockResponse bytes_response(std::string bytes, std::string content_type) {
    MockResponse response;
    response.content_type = std::move(content_type);
    response.body = std::move(bytes);
    response.headers.emplace_back("Cache-Control", "private, max-age=3600");
    return response;
}

MockResponse invalid_parameter(std::string_view parameter, std::string message) {
    return json_response(400, boost::json::value{{"error", "invalid_parameter"},
                                                 {"parameter", parameter},
                                                 {"message", std::move(message)}});
}

MockResponse invalid_parameter(std::string_view parameter, std::string_view value, std::string message) {
    return json_response(400, boost::json::value{{"error", "invalid_parameter"},
                                                 {"parameter", parameter},
                                                 {"value", value},
                                                 {"message", std::move(message)}});
}

std::optional<MockResponse> read_integer_param(const MockRequest& request, std::string_view name,
                                               std::int64_t fallback, std::int64_t min, std::int64_t max,
                                               std::int64_t& out) {
    const std::string* text = query_value(request, name);
    if (text == nullptr) {
        out = fallback;
        return std::nullopt;
    }
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    const bool is_integer = !text->empty() && error == std::errc{} && end == text->data() + text->size();
    if (!is_integer || value < min || value > max) {
        std::string message = std::string(name) + " must be an integer ";
        message += max == INT64_MAX ? "greater than or equal to " + std::to_string(min)
                                    : "between " + std::to_string(min) + " and " + std::to_string(max);
        return invalid_parameter(name, *text, std::move(message));
    }
    out = value;
    return std::nullopt;
}

std::optional<MockResponse> read_enum_param(const MockRequest& request, std::string_view name,
                                            std::initializer_list<std::string_view> allowed, std::string& out) {
    out.clear();
    const std::string* text = query_value(request, name);
    if (text == nullptr) return std::nullopt;
    for (std::string_view value : allowed) {
        if (*text == value) {
            out = *text;
            return std::nullopt;
        }
    }
    std::string message = std::string(name) + " must be one of:";
    bool first = true;
    for (std::string_view value : allowed) {
        message += first ? " " : ", ";
        message += value;
        first = false;
    }
    return invalid_parameter(name, *text, std::move(message));
}

std::optional<boost::json::value> parse_json_body(std::string_view body) {
    boost::system::error_code error;
    boost::json::value value = boost::json::parse(body, error);
    if (error) return std::nullopt;
    return value;
}

std::string file_basename(std::string_view name) {
    const std::size_t slash = name.find_last_of("/\\");
    return std::string(slash == std::string_view::npos ? name : name.substr(slash + 1));
}

std::string strip_extension(std::string_view file_name) {
    const std::size_t dot = file_name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return std::string(file_name);
    return std::string(file_name.substr(0, dot));
}

ImageFormat sniff_image_format(std::string_view bytes) {
    const auto starts = [&](std::string_view magic, std::size_t at = 0) {
        return bytes.size() >= at + magic.size() && bytes.substr(at, magic.size()) == magic;
    };
    if (starts("\xFF\xD8\xFF")) return ImageFormat::jpeg;
    if (starts("\x89PNG\r\n\x1a\n")) return ImageFormat::png;
    if (starts("GIF87a") || starts("GIF89a")) return ImageFormat::gif;
    if (starts("RIFF") && starts("WEBP", 8)) return ImageFormat::webp;
    if (starts(std::string_view("II*\0", 4)) || starts(std::string_view("MM\0*", 4))) return ImageFormat::tiff;
    if (starts("ftyp", 4)) return ImageFormat::iso_bmff;
    return ImageFormat::unknown;
}

}  // namespace photobridge::mock::dataset
