// Built twice (FIXTURE_VALUE 1 and 2, ids same_symbol_a/_b). Both define the
// same external C++ function `fixture_internal_value()`; with hidden
// visibility and RTLD_LOCAL each plugin must call its own.
#include <photobridge/sdk.hpp>

namespace sdk = photobridge::sdk;
namespace json = boost::json;

// Deliberately not static and not in an anonymous namespace.
int fixture_internal_value();
int fixture_internal_value() { return FIXTURE_VALUE; }

namespace {

constexpr const char kManifest[] = R"({"operations": {"which": {"input": {"type": "object"}}}})";

class SameSymbolPlugin : public sdk::Plugin {
public:
    SameSymbolPlugin(sdk::Host host, const json::object&) : sdk::Plugin(host) {
        operation("which", [](const sdk::Call&) {
            return sdk::Result{json::object{{"value", fixture_internal_value()}}, {}};
        });
    }
};

}  // namespace

PHOTOBRIDGE_PLUGIN(SameSymbolPlugin, FIXTURE_ID, "Same symbol fixture", "0.0.1", kManifest)
