// The snapbar dataset backend: a stateful synthesized snapbar world served
// under /snapbar/ with --dataset (sdk-docs/mockserver-dataset.md).
#pragma once

#include "framework/dataset_backend.hpp"

#include <memory>

namespace photobridge::mock::dataset {

std::unique_ptr<DatasetBackend> make_snapbar_backend(const DatasetOptions& options);

}  // namespace photobridge::mock::dataset
