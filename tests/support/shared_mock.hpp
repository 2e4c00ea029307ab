// Mocks shared by a whole test process, on top of the public harness
// (<photobridge/testing.hpp>).
#pragma once

#include <photobridge/testing.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace photobridge::testing {

// Options for a mock that serves only `provider`: replay mode (the documented
// examples), or dataset mode with `dataset` records.
MockOptions single_provider_options(const std::string& provider, std::optional<std::size_t> dataset = std::nullopt);

// One mock per (provider, dataset) for the whole test process, started on
// first use and shared by the test cases, which reset or clear what they
// look at. Shared because a mock the host has talked to keeps idle
// keep-alive connections open, so stopping it takes that long; at exit the
// host's thread-local connections close first and the mocks then stop at
// once. Threads: any; the first call for a key starts that mock.
MockServer& shared_mock(const std::string& provider, std::optional<std::size_t> dataset = std::nullopt);

}  // namespace photobridge::testing
