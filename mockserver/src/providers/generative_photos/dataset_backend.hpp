// The generative_photos dataset backend: a stateful synthesized generative_photos world served
// under /generative_photos/ with --dataset (sdk-docs/mockserver-dataset.md).
#pragma once

#include "framework/dataset_backend.hpp"

#include <memory>

namespace photobridge::mock::dataset {

std::unique_ptr<DatasetBackend> make_generative_photos_backend(const DatasetOptions& options);

}  // namespace photobridge::mock::dataset
