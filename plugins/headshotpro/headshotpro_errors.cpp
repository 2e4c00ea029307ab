#include "headshotpro_errors.hpp"

#include <string>

namespace photobridge::plugins::headshotpro {

namespace ja = photobridge::sdk::json_access;
namespace json = boost::json;

namespace {

// The provider's message in an envelope, "" when it carries none.
std::string envelope_message(const json::value& body, std::string* code) {
    if (const auto* m = ja::find(body, "message"); m && m->is_string() && !m->get_string().empty())
        return std::string(m->get_string());
    if (const auto* e = ja::find(body, "error")) {
        if (e->is_string() && !e->get_string().empty()) return std::string(e->get_string());
        if (e->is_object()) {
            if (const auto* c = e->get_object().if_contains("code"); c && c->is_string() && code) *code = c->get_string();
            if (const auto* m = e->get_object().if_contains("message"); m && m->is_string())
                return std::string(m->get_string());
        }
    }
    if (const auto* errs = ja::find(body, "errors"); errs && errs->is_array() && !errs->get_array().empty()) {
        const json::value& first = errs->get_array().front();
        if (first.is_string()) return std::string(first.get_string());
        if (const auto* m = ja::find(first, "message"); m && m->is_string()) return std::string(m->get_string());
    }
    return {};
}

}  // namespace

sdk::ProviderFailure read_failure(const sdk::HttpResponse& response) {
    boost::system::error_code ec;
    const json::value body = json::parse(response.body, ec);
    if (!ec && body.is_object()) {
        sdk::ProviderFailure f;
        f.message = envelope_message(body, &f.code);
        if (const auto* c = ja::find(body, "code"); c && c->is_string() && f.code.empty()) f.code = c->get_string();
        // Beside a "message", a string "error" is a short code ("unauthorized").
        if (const auto* e = ja::find(body, "error"); e && e->is_string() && f.code.empty() && ja::find(body, "message"))
            f.code = e->get_string();
        if (!f.message.empty()) return f;
    }
    return sdk::read_common_failure(response);
}

void check_envelope(const json::value& body, std::string_view where) {
    if (!body.is_object())
        throw sdk::protocol_error(std::string(where) + ": response should be a JSON object, got " +
                                  ja::kind_name(body.kind()));
    const json::value* success = ja::find(body, "success");
    if (success == nullptr) return;
    if (!success->is_bool()) ja::fail(where, "success", std::string("should be a boolean, got ") + ja::kind_name(success->kind()));
    if (!success->get_bool()) {
        std::string message = envelope_message(body, nullptr);
        throw sdk::protocol_error(std::string(where) + ": provider answered success=false" +
                                  (message.empty() ? std::string() : ": " + message));
    }
}

}  // namespace photobridge::plugins::headshotpro
