// Which dataset world a provider gets under --dataset: the C++ backend its
// registration names (providers/<id>/provider.cpp), else the dataset its
// fixtures folder declares in dataset.toml (declarative/), else none (the
// provider replays its examples only).
#pragma once

#include <memory>

#include "dataset_backend.hpp"
#include "fixture_model.hpp"
#include "provider_registry.hpp"

namespace photobridge::mock {

// The file name a fixtures folder declares its dataset in.
inline constexpr const char* kDatasetFileName = "dataset.toml";

// nullptr: the provider has no dataset mode. Throws
// declarative::DatasetSpecError (a std::runtime_error naming the file, line
// and column) for a dataset.toml it cannot use.
std::unique_ptr<DatasetBackend> make_provider_dataset(const Provider& fixtures, const ProviderRules* rules,
                                                      const DatasetOptions& options);

}  // namespace photobridge::mock
