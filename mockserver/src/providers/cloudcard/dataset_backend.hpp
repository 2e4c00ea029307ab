// The cloudcard dataset backend: a stateful synthesized cloudcard world served
// under /cloudcard/ with --dataset (sdk-docs/mockserver-dataset.md).
#pragma once

#include "framework/dataset_backend.hpp"

#include <memory>

namespace photobridge::mock::dataset {

std::unique_ptr<DatasetBackend> make_cloudcard_backend(const DatasetOptions& options);

}  // namespace photobridge::mock::dataset
