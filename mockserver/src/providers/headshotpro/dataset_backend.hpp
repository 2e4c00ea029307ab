// The headshotpro dataset backend: a stateful synthesized headshotpro world served
// under /headshotpro/ with --dataset (sdk-docs/mockserver-dataset.md).
#pragma once

#include "framework/dataset_backend.hpp"

#include <memory>

namespace photobridge::mock::dataset {

std::unique_ptr<DatasetBackend> make_headshotpro_backend(const DatasetOptions& options);

}  // namespace photobridge::mock::dataset
