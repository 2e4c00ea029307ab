// Stand-in for dataset mode until mockserver/src/dataset/factory.cpp exists:
// no provider has a backend, so --dataset replays fixtures. The build drops
// this file as soon as factory.cpp is present (see mockserver/CMakeLists.txt).
#include "dataset_backend.hpp"

namespace photobridge::mock {

std::unique_ptr<DatasetBackend> make_dataset_backend(std::string_view, const DatasetOptions&) { return nullptr; }

}  // namespace photobridge::mock

#include "dataset/public_routes.hpp"

namespace photobridge::mock {

bool dataset_route_is_public(std::string_view, std::string_view) { return false; }

}  // namespace photobridge::mock
