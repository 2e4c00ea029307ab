// generative.photos GalleryItem JSON -> the plugin's item view and the
// canonical photo record.
#pragma once

#include <photobridge/sdk.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace photobridge::plugins::generative_photos {

inline constexpr const char* kProvider = "generative_photos";

// What the plugin reads from a GalleryItem (Schemas: GalleryItem, data, task,
// error). Everything but id is optional in the docs.
struct Item {
    std::string id;                          // id (required)
    std::optional<std::string> status;       // data.task.status
    std::optional<std::string> error_code;   // data.task.error.code
    boost::json::value faces;                // data.faces (array), null when absent
    boost::json::value raw;                  // the GalleryItem untouched

    bool complete() const { return status == "complete"; }
    bool failed() const { return status == "failed"; }
};

// Reads a GalleryItem. Throws PB_ERR_PROTOCOL naming `where` and the field
// when id is missing or any documented field has the wrong type.
Item read_item(const boost::json::value& body, std::string_view where);

// The operation output: {id, status, error_code, faces, photo, raw}, where
// photo is the canonical photo record:
//   id, provider "generative_photos", person all null, status the task
//   status, approved null, created_at null (the API has no timestamps),
//   media [{variant "original", url <base>/teams/me/gallery/{id}/pixels/
//   original/bytes}] once the task is complete, else [], raw the item.
boost::json::object item_json(const Item& item, std::string_view base_url);

}  // namespace photobridge::plugins::generative_photos
