#include "cloudcard_errors.hpp"

#include <string>

namespace photobridge::plugins::cloudcard {

namespace ja = photobridge::sdk::json_access;
namespace json = boost::json;

sdk::ProviderFailure read_failure(const sdk::HttpResponse& response) {
    boost::system::error_code ec;
    const json::value body = json::parse(response.body, ec);
    if (!ec && body.is_object()) {
        sdk::ProviderFailure f;
        if (const auto* c = ja::find(body, "code"); c && c->is_string()) f.code = c->get_string();
        if (const auto* m = ja::find(body, "message"); m && m->is_string() && !m->get_string().empty()) {
            f.message = m->get_string();
            // Beside a "message", a string "error" is a short code ("unauthorized").
            if (const auto* e = ja::find(body, "error"); e && e->is_string() && f.code.empty()) f.code = e->get_string();
            return f;
        }
        if (const auto* e = ja::find(body, "error"); e && e->is_string() && !e->get_string().empty()) {
            f.message = e->get_string();
            return f;
        }
        if (const auto* errs = ja::find(body, "errors"); errs && errs->is_array() && !errs->get_array().empty()) {
            const json::value& first = errs->get_array().front();
            if (first.is_string()) f.message = first.get_string();
            if (const auto* m = ja::find(first, "message"); m && m->is_string()) f.message = m->get_string();
            if (!f.message.empty()) return f;
        }
    }
    return sdk::read_common_failure(response);
}

}  // namespace photobridge::plugins::cloudcard
