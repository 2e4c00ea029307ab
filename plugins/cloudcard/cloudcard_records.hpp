// CloudCard photo JSON (the lightweight form of GET /photo) -> canonical
// photo records (sdk-docs/records.md).
#pragma once

#include <photobridge/sdk.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace photobridge::plugins::cloudcard {

inline constexpr std::string_view kProviderId = "cloudcard";

// Whether a photo has been approved, from its status first:
//   true   APPROVED, READY_FOR_DOWNLOAD, DOWNLOADED, DONE (states a photo
//          reaches only after approval: queued for, or past, card production)
//   false  PENDING (not reviewed yet), DENIED
// For ENROUTE (the doc does not say what it means) and any status the doc
// does not list, from dateApproved: true when it is set, else null (unknown).
std::optional<bool> approved_of(const std::optional<std::string>& status, bool has_date_approved);

// The canonical record of one photo:
//   id          the numeric id as a string ("1423442")
//   person      {id: person.id as a string, email: person.email, name: null
//               (the list has no name), external_id: person.identifier}; all
//               null when the photo has no person
//   status      status;  approved  approved_of(status, dateApproved != null)
//   created_at  dateCreated as written
//   media       one entry {variant "main", url links.bytes (else externalURL),
//               width, height, expires_at null}; empty when neither URL exists
//   raw         the photo object untouched
// `where` prefixes error messages ("cloudcard: photos: [3]"); a documented
// field with the wrong type -> sdk::Error(PB_ERR_PROTOCOL) naming it.
photobridge::sdk::records::Photo photo_record(const boost::json::value& photo, std::string_view where);

}  // namespace photobridge::plugins::cloudcard
