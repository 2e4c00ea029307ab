// The null sink: the cheapest possible sink, for measuring the engine itself.
#include <photobridge/sdk.hpp>

#include "null_manifest.hpp"

namespace sdk = photobridge::sdk;

class NullSink : public sdk::Plugin {
public:
    NullSink(sdk::Host host, const boost::json::object&) : sdk::Plugin(host) {
        operation("write", [](const sdk::Call&) { return sdk::Result{boost::json::object{{"result_id", ""}}, {}}; });
    }
};

PHOTOBRIDGE_PLUGIN(NullSink, "null", "Null sink (benchmarks)", "1.0.0", photobridge_manifest_json)
