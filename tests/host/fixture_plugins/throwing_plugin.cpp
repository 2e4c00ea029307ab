// An SDK plugin that misbehaves on purpose: its create and operations throw
// std::runtime_error, an int, std::bad_alloc, or an sdk::Error with a 100 KB
// message, chosen by config/input. The host must contain every one.
#include <photobridge/sdk.hpp>

#include <new>
#include <stdexcept>
#include <string>

namespace sdk = photobridge::sdk;
namespace json = boost::json;

namespace {

constexpr const char kManifest[] = R"({
  "config": {
    "throw_on_create": {"type": "string", "enum": ["none", "runtime_error", "int", "bad_alloc"], "default": "none"},
    "token": {"type": "string", "secret": true}
  },
  "operations": {
    "throw": {"input": {"type": "object", "required": ["kind"], "properties": {
      "kind": {"type": "string", "enum": ["runtime_error", "int", "bad_alloc", "huge_message", "secret_in_message"]}}}},
    "ok": {"input": {"type": "object"}}
  }
})";

[[noreturn]] void throw_kind(const std::string& kind, const std::string& token) {
    if (kind == "runtime_error") throw std::runtime_error("fixture runtime_error");
    if (kind == "int") throw 42;
    if (kind == "bad_alloc") throw std::bad_alloc();
    if (kind == "huge_message") throw sdk::Error(PB_ERR_CONFLICT, std::string(100 * 1024, 'x'), 422);
    throw sdk::Error(PB_ERR_UNAUTHORIZED, "token " + token + " was rejected", 401);
}

class ThrowingPlugin : public sdk::Plugin {
public:
    ThrowingPlugin(sdk::Host host, const json::object& config) : sdk::Plugin(host) {
        const std::string mode(config.at("throw_on_create").as_string());
        if (const auto* t = config.if_contains("token")) token_ = t->as_string();
        if (mode != "none") throw_kind(mode, token_);
        operation("throw", [this](const sdk::Call& call) -> sdk::Result {
            throw_kind(std::string(call.input.at("kind").as_string()), token_);
        });
        operation("ok", [](const sdk::Call&) { return sdk::Result{json::object{{"ok", true}}, {}}; });
    }

private:
    std::string token_;
};

}  // namespace

PHOTOBRIDGE_PLUGIN(ThrowingPlugin, "throwing", "Throwing fixture", "0.0.1", kManifest)
