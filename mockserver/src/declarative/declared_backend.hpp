// The DatasetBackend a dataset.toml declares (dataset_spec.hpp): one
// collection synthesized from its documented record, listed page by page in
// the declared style, optionally fetched by id, and the image bytes its
// media URLs point at. sdk-docs/mockserver-dataset.md is the user's view.
//
// Thread contract: read-only after construction, except the rendered-JSON
// cache, which locks itself (dataset/rendered_records.hpp).
#pragma once

#include <memory>

#include "declarative/dataset_spec.hpp"
#include "framework/dataset_backend.hpp"

namespace photobridge::mock::declarative {

std::unique_ptr<DatasetBackend> make_declared_backend(DatasetSpec spec, const DatasetOptions& options);

}  // namespace photobridge::mock::declarative
