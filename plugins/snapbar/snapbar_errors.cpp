#include "snapbar_errors.hpp"

#include <string>

namespace photobridge::plugins::snapbar {

namespace json = boost::json;

namespace {

// "details": ["a", "b"] → "a; b"; non-strings are skipped.
std::string join_details(const json::array& details) {
    std::string out;
    for (const auto& d : details) {
        if (!d.is_string()) continue;
        if (!out.empty()) out += "; ";
        out += d.get_string();
    }
    return out;
}

// "errors": [{"path": ["email"], "message": "..."}] → "email: ..."; a path
// with several steps is joined with dots ("contact.email").
std::string join_errors(const json::array& errors) {
    std::string out;
    for (const auto& e : errors) {
        const auto* obj = e.if_object();
        if (obj == nullptr) {
            if (e.is_string()) out += (out.empty() ? "" : "; ") + std::string(e.get_string());
            continue;
        }
        std::string path;
        if (const auto* p = obj->if_contains("path"); p != nullptr && p->is_array()) {
            for (const auto& step : p->get_array()) {
                if (!path.empty()) path += ".";
                path += step.is_string() ? std::string(step.get_string()) : json::serialize(step);
            }
        }
        std::string message;
        if (const auto* m = obj->if_contains("message"); m != nullptr && m->is_string()) message = m->get_string();
        if (message.empty()) continue;
        if (!out.empty()) out += "; ";
        out += path.empty() ? message : path + ": " + message;
    }
    return out;
}

}  // namespace

sdk::ProviderFailure read_failure(const sdk::HttpResponse& response) {
    boost::system::error_code ec;
    const json::value body = json::parse(response.body, ec);
    if (!ec) {
        if (const auto* obj = body.if_object()) {
            if (const auto* e = obj->if_contains("error"); e != nullptr && e->is_string()) {
                sdk::ProviderFailure f{std::string(e->get_string()), {}};
                if (const auto* d = obj->if_contains("details"); d != nullptr && d->is_array()) {
                    const std::string details = join_details(d->get_array());
                    if (!details.empty()) f.message += ": " + details;
                }
                return f;
            }
            if (const auto* e = obj->if_contains("errors"); e != nullptr && e->is_array()) {
                std::string message = join_errors(e->get_array());
                if (!message.empty()) return {std::move(message), {}};
            }
        }
    }
    return sdk::read_common_failure(response);
}

}  // namespace photobridge::plugins::snapbar
