// HeadshotPro photo JSON -> canonical photo records (sdk-docs/records.md).
#pragma once

#include <photobridge/sdk.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::plugins::headshotpro {

inline constexpr std::string_view kProviderId = "headshotpro";

// The canonical record of one photo object as any HeadshotPro endpoint
// returns it (model photos, favorite, photo details, organization favorites).
//   id          photo.id (required string)
//   person      from photo.member {id, email, name} when present (organization
//               favorites); otherwise every field null. external_id is
//               always null: HeadshotPro has no external person id.
//   status      photo.status (absent on organization favorites -> null)
//   approved    null: HeadshotPro has no approval step
//   created_at  photo.createdAt as written, null when absent
//   media       urls.main, urls.thumbnail, urls.original (in that order),
//               then any other string-valued urls.*, each with
//               expires_at = photo.expiresAt; width/height null
//   raw         the photo object untouched (modelId, likedStatus, member.teamId...)
// `where` prefixes error messages, e.g. "headshotpro: model_photos: photos[3]".
// Throws sdk::Error(PB_ERR_PROTOCOL) naming the field when a documented field
// is missing or has the wrong type.
photobridge::sdk::records::Photo photo_record(const boost::json::value& photo, std::string_view where);

// The canonical media list of a `urls` object, each entry carrying
// `expires_at`. Order: main, thumbnail, original, then other keys as sent.
std::vector<photobridge::sdk::records::Media> media_of(const boost::json::object& urls,
                                                      const std::optional<std::string>& expires_at,
                                                      std::string_view where);

}  // namespace photobridge::plugins::headshotpro
