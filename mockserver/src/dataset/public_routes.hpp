// Which dataset routes are reachable without credentials.
//
// The CDN routes that dataset records link to ("<provider_base_url>/cdn/...")
// stand for signed or public storage URLs: a real client fetches them
// without an Authorization header. The framework must therefore skip auth
// for paths where this returns true (and still hand them to the backend).
#pragma once

#include <string_view>

namespace photobridge::mock {

// `path` is the path after "/<provider>", as in MockRequest::path.
// True for "/cdn/..." under any provider that has a dataset backend.
bool dataset_route_is_public(std::string_view provider, std::string_view path);

}  // namespace photobridge::mock
