#include "headshotpro_errors.hpp"

#include <string>

namespace photobridge::plugins::headshotpro {

namespace ja = photobridge::sdk::json_access;
namespace json = boost::json;

void check_envelope(const json::value& body, std::string_view where) {
    if (!body.is_object())
        throw sdk::protocol_error(std::string(where) + ": response should be a JSON object, got " +
                                  ja::kind_name(body.kind()));
    const json::value* success = ja::find(body, "success");
    if (success == nullptr) return;
    if (!success->is_bool()) ja::fail(where, "success", std::string("should be a boolean, got ") + ja::kind_name(success->kind()));
    if (!success->get_bool()) {
        const auto failure = sdk::read_error_body(body);
        throw sdk::protocol_error(std::string(where) + ": provider answered success=false" +
                                  (failure ? ": " + failure->message : std::string()));
    }
}

}  // namespace photobridge::plugins::headshotpro
