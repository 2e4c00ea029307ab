// The shootbin dataset backend: a stateful synthesized shootbin world served
// under /shootbin/ with --dataset (sdk-docs/mockserver-dataset.md).
#pragma once

#include "framework/dataset_backend.hpp"

#include <memory>

namespace photobridge::mock::dataset {

std::unique_ptr<DatasetBackend> make_shootbin_backend(const DatasetOptions& options);

}  // namespace photobridge::mock::dataset
