// The manifest (abi.md, "Manifest") of the plugin a provider file defines:
// what `photobridge plugins inspect`, workflow validation and the SDK's
// request validation read, derived from the file.
#pragma once

#include "provider_definition.hpp"

#include <boost/json.hpp>

namespace photobridge::plugins::declarative {

// {"description", "docs", "declared_in", "config", "streams", "operations",
// "errors"}: config as written; each stream with its record kind, params
// schema, page sizes and incremental field; the operation download_media
// (every declarative provider downloads its records' media through its
// client: the credential goes only to base_url's origin); errors from the
// file's error rules.
boost::json::object derive_manifest(const ProviderDefinition& definition);

}  // namespace photobridge::plugins::declarative
