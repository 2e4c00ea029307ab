// Reading a provider's refusal out of an error body: the shapes most REST
// APIs use, read in one place for every plugin.
#pragma once

#include <photobridge/sdk/host.hpp>

#include <boost/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace photobridge::sdk {

// What a provider said when it refused a request.
struct ProviderFailure {
    std::string message;  // the provider's own words
    std::string code;     // the provider's own error code, if it has one
};

// Reads the provider's message out of an error response; plugins with their
// own shapes pass one to ApiClientOptions (it may fall back to
// read_common_failure).
using FailureReader = std::function<ProviderFailure(const HttpResponse&)>;

namespace detail {

inline const boost::json::string* nonempty_string(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_string() || v->get_string().empty()) return nullptr;
    return &v->get_string();
}

// A code as text: a string as it is, an integer printed.
inline std::string code_text(const boost::json::value* v) {
    if (v == nullptr) return {};
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    return {};
}

// One entry of an "errors" array: a string, or an object's message, detail
// or title (the first there).
inline std::string error_entry_text(const boost::json::value& entry) {
    if (entry.is_string()) return std::string(entry.get_string());
    const auto* o = entry.if_object();
    if (o == nullptr) return {};
    for (const char* key : {"message", "detail", "title"})
        if (const auto* s = nonempty_string(*o, key)) return std::string(*s);
    return {};
}

// RFC 7807: "title" and "detail" (either may be missing), "type" as the code
// unless it is the default about:blank.
inline std::optional<ProviderFailure> problem_details(const boost::json::object& o) {
    const auto* title = nonempty_string(o, "title");
    const auto* detail = nonempty_string(o, "detail");
    if (title == nullptr && detail == nullptr) return std::nullopt;
    ProviderFailure f;
    if (title != nullptr) f.message = *title;
    if (detail != nullptr) f.message += (f.message.empty() ? "" : ": ") + std::string(*detail);
    if (const auto* type = nonempty_string(o, "type"); type != nullptr && *type != "about:blank") f.code = *type;
    return f;
}

}  // namespace detail

// The message and code of an error body of a known shape; nullopt when the
// body is none of them (or has an empty message). Shapes, first match wins:
//   RFC 7807 problem details {"type", "title", "detail", "status"} when
//     `problem_json` (the response said application/problem+json):
//     "title: detail", code = type (not about:blank);
//   {"message": "...", "code"?: ..., "error"?: "short_code"}: without a
//     "code", a string "error" (or an object's "code") beside a message is
//     the code;
//   {"error": "..."} or {"error": {"message": "...", "code": ...}};
//   {"errors": [...]}: entries are strings or objects with message, detail
//     or title (an object's "code" is the code); all entries, joined by "; ";
//   {"detail": ...} / {"title": ...} without the media type, read as 7807.
// A top-level "code" (string or integer) fills the code when nothing else
// did. Never throws.
inline std::optional<ProviderFailure> read_error_body(const boost::json::value& body, bool problem_json = false) {
    const auto* o = body.if_object();
    if (o == nullptr) return std::nullopt;
    std::optional<ProviderFailure> found;
    if (problem_json) found = detail::problem_details(*o);
    if (!found) {
        if (const auto* m = detail::nonempty_string(*o, "message")) {
            found = ProviderFailure{std::string(*m), detail::code_text(o->if_contains("code"))};
            const auto* e = o->if_contains("error");
            if (found->code.empty() && e != nullptr && e->is_string()) found->code = e->get_string();
            if (found->code.empty() && e != nullptr && e->is_object())
                found->code = detail::code_text(e->get_object().if_contains("code"));
        }
    }
    if (!found) {
        if (const auto* e = o->if_contains("error")) {
            if (e->is_string() && !e->get_string().empty()) {
                found = ProviderFailure{std::string(e->get_string()), {}};
            } else if (const auto* eo = e->if_object()) {
                std::string message;
                if (const auto* m = detail::nonempty_string(*eo, "message")) message = *m;
                if (!message.empty()) found = ProviderFailure{std::move(message), detail::code_text(eo->if_contains("code"))};
            }
        }
    }
    if (!found) {
        if (const auto* errs = o->if_contains("errors"); errs != nullptr && errs->is_array()) {
            ProviderFailure f;
            for (const auto& entry : errs->get_array()) {
                const std::string text = detail::error_entry_text(entry);
                if (text.empty()) continue;
                if (!f.message.empty()) f.message += "; ";
                f.message += text;
                if (f.code.empty() && entry.is_object()) f.code = detail::code_text(entry.get_object().if_contains("code"));
            }
            if (!f.message.empty()) found = std::move(f);
        }
    }
    if (!found) found = detail::problem_details(*o);
    if (!found) return std::nullopt;
    if (found->code.empty()) found->code = detail::code_text(o->if_contains("code"));
    return found;
}

// Whether a Content-Type names RFC 7807's application/problem+json.
inline bool is_problem_json(std::string_view content_type) {
    const auto semicolon = content_type.find(';');
    std::string_view type = content_type.substr(0, semicolon);
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
    return iequals(type, "application/problem+json");
}

// The default FailureReader: read_error_body on the response's body, else the
// first 200 bytes of the body as the message ("no message" for an empty
// one). Never throws on a malformed body.
inline ProviderFailure read_common_failure(const HttpResponse& response) {
    boost::system::error_code ec;
    const boost::json::value body = boost::json::parse(response.body, ec);
    if (!ec) {
        const bool problem = is_problem_json(response.header("Content-Type").value_or(""));
        if (auto f = read_error_body(body, problem)) return std::move(*f);
    }
    ProviderFailure out;
    out.message = response.body.substr(0, 200);
    if (out.message.empty()) out.message = "no message";
    return out;
}

}  // namespace photobridge::sdk
