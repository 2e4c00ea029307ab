// One constructor per provider backend; factory.cpp picks among them.
// Each backend lives in <provider>_backend.cpp.
#pragma once

#include <memory>

#include "../dataset_backend.hpp"

namespace photobridge::mock::dataset {

std::unique_ptr<DatasetBackend> make_headshotpro_backend(const DatasetOptions& options);
std::unique_ptr<DatasetBackend> make_generative_photos_backend(const DatasetOptions& options);
std::unique_ptr<DatasetBackend> make_cloudcard_backend(const DatasetOptions& options);
std::unique_ptr<DatasetBackend> make_snapbar_backend(const DatasetOptions& options);
std::unique_ptr<DatasetBackend> make_shootbin_backend(const DatasetOptions& options);

// "dataset:<route>", the MockResponse::matched value of every dataset answer.
inline std::string dataset_match(std::string_view route) { return "dataset:" + std::string(route); }

}  // namespace photobridge::mock::dataset
