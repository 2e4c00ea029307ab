// Snapbar JSON → canonical records (sdk-docs/records.md).
//
// Every function takes the provider object and `where`, the name used in
// errors ("snapbar contacts[3]"); malformed fields throw PB_ERR_PROTOCOL
// naming the field, never crash.
#pragma once

#include <photobridge/sdk.hpp>

#include <string_view>

namespace photobridge::plugins::snapbar {

inline constexpr const char* kProvider = "snapbar";

// A contact (list, get, create, update) → kind "contact". `id` is required;
// every other field is null (custom_attributes {}) when Snapbar omits it.
// submissions_count, contact_list_ids and invited_at stay only in raw.
boost::json::object contact_record(const boost::json::value& contact, std::string_view where);

// A submission (list, get) → kind "submission", shaped like a photo record:
//   status    = state (REVIEW, ACCEPTED, REJECTED as documented)
//   approved  = true for ACCEPTED (the state the docs' SUBMISSION_COMPLETE
//               webhook fires on), false for REJECTED, null otherwise
//   person    = the embedded contact (id, email, first+last name); email falls
//               back to the submission's own email; external_id null
//   media[]   = one entry per photo that has a temporary_download_url:
//               variant = the photo's name ("Portrait - Standard Edit"), or
//               "photo-N" (1-based) when unnamed; width/height as given;
//               expires_at null (the docs give no expiry)
//   plus submitted_at, updated_at, studio_id (null when absent).
boost::json::object submission_record(const boost::json::value& submission, std::string_view where);

// An id field as text: strings as-is, integers printed; PB_ERR_PROTOCOL
// naming `path` when missing or of another type.
std::string require_id(const boost::json::value& object, std::string_view path, std::string_view where);

}  // namespace photobridge::plugins::snapbar
