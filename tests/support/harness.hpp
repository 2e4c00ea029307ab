// The build's plugins as a host registry, for the suites that run the
// engine or the host; with the public harness (<photobridge/testing.hpp>)
// and the process-wide mocks (support/shared_mock.hpp).
#pragma once

#include "host/plugin_registry.hpp"

#include "support/shared_mock.hpp"

#include <photobridge/testing.hpp>


namespace photobridge::testing {

// Every plugin of the build, loaded once per test process. [any-thread] read-only.
const host::PluginRegistry& built_plugins();

}  // namespace photobridge::testing
