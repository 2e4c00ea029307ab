#include "support/harness.hpp"

namespace photobridge::testing {

const host::PluginRegistry& built_plugins() {
    static const host::PluginRegistry registry = [] {
        host::PluginRegistry r;
        r.load_directory(PHOTOBRIDGE_PLUGIN_OUTPUT_DIR);
        return r;
    }();
    return registry;
}

}  // namespace photobridge::testing
