// Shootbin request building: URL paths, the upload form and the PATCH body,
// with every client-side check done before anything is sent.
#pragma once

#include <photobridge/sdk.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::plugins::shootbin {

// "Maximum size: 10 MB" (Upload a photo), read as 10 * 1024 * 1024 bytes.
inline constexpr std::size_t kMaxUploadBytes = 10u * 1024u * 1024u;
// "Each tag is a string up to 100 characters" (Update a photo).
inline constexpr std::size_t kMaxTagCharacters = 100;

// The decimal text of an integer input field (validated as "integer" by the
// manifest, so it may arrive as 12 or 12.0).
std::string integer_text(const boost::json::object& input, std::string_view key);

// Path segments below base_url: api/projects/{project}/albums/{album}/photos,
// plus /{photo} when `with_photo`.
std::vector<std::string> photos_path(const boost::json::object& input, bool with_photo);

// The multipart body of an upload: part "photo" (the bytes, with the sniffed
// media type and `filename` or photo.jpg / photo.png), then "title",
// "description" and "client_original_filename" when given.
// Throws PB_ERR_INVALID_ARGUMENT for empty or non-JPEG/PNG bytes and
// PB_ERR_TOO_LARGE above kMaxUploadBytes. The form borrows `bytes`
// (Multipart::file_view): they must outlive its request.
sdk::Multipart upload_form(const boost::json::object& input, std::string_view bytes);

// The JSON body of a PATCH: the given fields among approved, title,
// description (null clears it) and tags. Throws PB_ERR_INVALID_ARGUMENT when
// none is given or a tag is over kMaxTagCharacters characters (code points).
boost::json::object update_body(const boost::json::object& input);

}  // namespace photobridge::plugins::shootbin
