// "studio": a fixture plugin for the workflow-file tests. It has the shape of
// a photo provider (a photo stream, a contact stream, a download_media
// operation, an upload that needs bytes, an operation that returns bytes),
// frozen here so that the catalogue's expected messages do not move when a
// real provider's manifest does. Its operations do nothing useful.
#include <photobridge/sdk.hpp>

namespace sdk = photobridge::sdk;
namespace json = boost::json;

namespace {

constexpr const char kManifest[] = R"({
  "description": "Workflow-file test fixture shaped like a photo provider",
  "config": {
    "base_url": {"type": "string", "default": "http://127.0.0.1:9"},
    "token": {"type": "string", "required": true, "secret": true},
    "mode": {"type": "string", "enum": ["live", "sandbox"], "default": "live"},
    "timeout_ms": {"type": "integer", "minimum": 1, "maximum": 600000}
  },
  "streams": {
    "photos": {
      "record": "photo",
      "page_size": {"default": 50, "maximum": 100},
      "incremental": {"field": "created_at", "param": "since"},
      "params": {"type": "object", "properties": {
        "album": {"type": "integer", "minimum": 1},
        "status": {"type": "string", "enum": ["pending", "approved", "rejected"]}
      }}
    },
    "people": {
      "record": "contact", "incremental": null,
      "params": {"type": "object", "properties": {"team": {"type": "string", "minLength": 1}}}
    }
  },
  "operations": {
    "download_media": {"input": {"type": "object", "required": ["url"], "properties": {
      "url": {"type": "string", "minLength": 1}, "variant": {"type": "string"}}}, "output": "bytes"},
    "upload_photo": {"input": {"type": "object", "required": ["album"], "properties": {
      "album": {"type": "integer", "minimum": 1},
      "title": {"type": "string", "maxLength": 100},
      "description": {"type": "string"},
      "tags": {"type": "array", "items": {"type": "string"}},
      "visibility": {"type": "string", "enum": ["public", "private"]}}},
      "input_bytes": {"required": true}, "output": "photo"},
    "tag_photo": {"input": {"type": "object", "required": ["photo_id", "tag"], "properties": {
      "photo_id": {"type": "string", "minLength": 1}, "tag": {"type": "string"}}}, "output": "json"},
    "retouch": {"input": {"type": "object", "required": ["style"], "properties": {
      "style": {"type": "string", "enum": ["soft", "sharp"]}, "strength": {"type": "number"}}},
      "input_bytes": {"required": true}, "output": "json+bytes"},
    "lookup": {"input": {"type": "object", "required": ["email"], "properties": {
      "email": {"type": "string", "minLength": 1}}}, "output": "json"}
  }
})";

class StudioPlugin : public sdk::Plugin {
public:
    StudioPlugin(sdk::Host host, const json::object&) : sdk::Plugin(host) {
        for (const char* op : {"download_media", "upload_photo", "tag_photo", "retouch", "lookup"})
            operation(op, [](const sdk::Call&) { return sdk::Result{json::object{}, {}}; });
        stream("photos", [](const sdk::StreamCall&) { return sdk::Page{}; });
        stream("people", [](const sdk::StreamCall&) { return sdk::Page{}; });
    }
};

}  // namespace

PHOTOBRIDGE_PLUGIN(StudioPlugin, "studio", "Studio (workflow test fixture)", "1.0.0", kManifest)
