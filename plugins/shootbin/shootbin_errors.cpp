#include "shootbin_errors.hpp"

#include <string>

namespace photobridge::plugins::shootbin {

namespace json = boost::json;

sdk::ProviderFailure read_failure(const sdk::HttpResponse& response) {
    sdk::ProviderFailure common = sdk::read_common_failure(response);
    boost::system::error_code ec;
    const json::value body = json::parse(response.body, ec);
    if (ec || !body.is_object()) return common;

    std::string message;
    if (const auto* m = body.get_object().if_contains("message"); m && m->is_string()) message = m->get_string();

    std::string code;
    std::string details;
    if (const auto* errors = body.get_object().if_contains("errors"); errors && errors->is_object()) {
        for (const auto& [field, list] : errors->get_object()) {
            if (code.empty()) code = field;
            const json::array* items = list.if_array();
            if (items == nullptr) continue;
            for (const auto& item : *items) {
                if (!item.is_string() || item.get_string() == message) continue;
                if (!details.empty()) details += "; ";
                details += std::string(field) + ": " + std::string(item.get_string());
            }
        }
    }
    if (message.empty() && details.empty()) return common;
    sdk::ProviderFailure out;
    out.message = message.empty() ? details : (details.empty() ? message : message + " (" + details + ")");
    out.code = code.empty() ? common.code : code;
    return out;
}

}  // namespace photobridge::plugins::shootbin
