// The content hash the ledger keeps per record: a re-run skips a record whose
// hash is unchanged and (with resync_changed) syncs it again when it changed.
//
// What is hashed: the canonical record as the source plugin returned it,
// serialised with object keys sorted (so key order never matters), MINUS the
// fields that change without the content changing:
//   - `raw` (the provider's untouched JSON: it carries volatile things such as
//     signed URLs, view counters and request ids), and
//   - media[].url and media[].expires_at (signed download URLs are minted anew
//     on every listing; the image behind them is identified by the rest of
//     the record: id, variant, width, height, status, ...).
// So a change that only shows in `raw`, or an image replaced behind the same
// record without any canonical field changing, is not seen as a change.
// The media bytes are not hashed: computing the hash must not cost a download
// (a re-run over an unchanged source downloads nothing).
#pragma once

#include <boost/json.hpp>

#include <string>

namespace photobridge::engine {

// Lowercase hex SHA-256 (64 characters) of the canonical form above.
// [any-thread]
std::string content_hash(const boost::json::value& record);

// The exact text that is hashed: sorted keys, volatile fields removed.
// Exposed for tests and for `--verbose` diagnostics.
std::string canonical_text_for_hash(const boost::json::value& record);

}  // namespace photobridge::engine
