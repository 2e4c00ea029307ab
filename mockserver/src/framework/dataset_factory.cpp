#include "dataset_factory.hpp"

#include <filesystem>

#include "declarative/dataset_spec.hpp"
#include "declarative/declared_backend.hpp"

namespace photobridge::mock {

std::unique_ptr<DatasetBackend> make_provider_dataset(const Provider& fixtures, const ProviderRules* rules,
                                                      const DatasetOptions& options) {
    if (rules && rules->make_dataset_backend) return rules->make_dataset_backend(options);
    const std::filesystem::path declared = std::filesystem::path(fixtures.folder) / kDatasetFileName;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(declared, ec)) return nullptr;
    return declarative::make_declared_backend(declarative::read_dataset_spec(declared.string(), fixtures), options);
}

}  // namespace photobridge::mock
