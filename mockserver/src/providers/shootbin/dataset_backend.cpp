// Shootbin dataset: album photo listing (cursor), upload, get and update
// (shootbin.md), and the CDN behind image_url.
//
// World:
// - Project 1, album 12 (the docs'): N photos with ids 100 .. 100+N-1, so the
//   docs' photo 123 exists once N > 23. The caller owns project 1 unless it
//   presents the approver token `mock-token-approver`.
// - Project 2, album 22: 20 photos; owned by someone else, so every caller is
//   only an approver there: it may set `approved` but gets 403 for title,
//   description and tags.
// - Project 3, album 32: 10 photos; locked for review: uploads get 403.
// Photo ids are global and increase with creation; listings are newest
// first; the cursor is base64url of {"id":<last id on the page>} (the docs'
// eyJpZCI6MTIzfQ is {"id":123}) and the next page holds smaller ids.
//
// With a selection limit (DatasetOptions::selection_limit > 0) no
// synthesized photo starts approved, so the limit counts exactly the
// approvals made through the API; approving one more photo than the limit in
// a project gives 422 with an `approved` field error.
//
// Locking: one shared_mutex; reads share it, writes and reset own it.
#include "dataset_backend.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "framework/base64.hpp"
#include "dataset/image_synth.hpp"
#include "dataset/rendered_records.hpp"
#include "dataset/request_helpers.hpp"
#include "dataset/seeded_random.hpp"
#include "dataset/timestamps.hpp"

namespace photobridge::mock::dataset {
namespace {

constexpr std::string_view kApproverToken = "mock-token-approver";
constexpr std::size_t kMaxUploadBytes = 10 * 1024 * 1024;  // "Maximum size: 10 MB" (Laravel max:10240 KB)
constexpr std::size_t kMaxTagLength = 100;
constexpr std::int64_t kFirstPhotoId = 100;

struct Revision {
    std::int64_t id = 0;
    int revision_number = 1;
    std::string original_filename;
    UnixMillis uploaded_at = 0;
    int archived_annotations_count = 0;
};

struct Annotation {
    std::int64_t id = 0;
    std::string comment;
    double x_position = 0, y_position = 0;
    UnixMillis created_at = 0;
};

struct Photo {
    std::int64_t id = 0;
    int album_id = 0;
    std::string title;
    std::optional<std::string> description;
    std::vector<std::string> tags;
    std::string original_filename;
    std::optional<UnixMillis> approved_at;
    std::optional<UnixMillis> revision_uploaded_at;
    std::vector<Revision> revisions;
    std::vector<Annotation> annotations;
    std::shared_ptr<const std::string> uploaded_bytes;  // null: the CDN synthesizes a JPEG
    std::string uploaded_content_type;
};

struct Album {
    int id = 0;
    int project = 0;
    std::vector<std::size_t> photos;  // indices into photos_, ascending id
};

struct Project {
    int id = 0;
    bool owned_by_caller = true;  // false: every caller is only an approver
    bool locked = false;
};

constexpr std::array<Project, 3> kProjects{{{1, true, false}, {2, false, false}, {3, true, true}}};

MockResponse laravel_error(int status, std::string message) {
    return json_response(status, boost::json::value{{"message", std::move(message)}});
}

// Laravel's validation error: {"message": M, "errors": {field: [M]}}.
MockResponse validation_error(std::string_view field, const std::string& message) {
    return json_response(422, boost::json::value{
                                  {"message", message},
                                  {"errors", {{field, boost::json::array{boost::json::string(message)}}}}});
}

std::string content_type_for(ImageFormat format) {
    switch (format) {
        case ImageFormat::jpeg: return "image/jpeg";
        case ImageFormat::png: return "image/png";
        case ImageFormat::gif: return "image/gif";
        case ImageFormat::webp: return "image/webp";
        case ImageFormat::tiff: return "image/tiff";
        case ImageFormat::iso_bmff: return "image/heic";
        case ImageFormat::unknown: break;
    }
    return "application/octet-stream";
}

class ShootbinBackend final : public DatasetBackend {
public:
    explicit ShootbinBackend(const DatasetOptions& options) : DatasetBackend("shootbin"), options_(options) {
        synthesize();
        route("GET", "/cdn/photos/{file}", "shootbin.cdn",
              [this](const MockRequest&, const RouteParams& p) { return serve_cdn(p["file"], false); });
        route("GET", "/cdn/photos/revisions/{file}", "shootbin.cdn",
              [this](const MockRequest&, const RouteParams& p) { return serve_cdn(p["file"], true); });
        constexpr std::string_view kPhotos = "/api/projects/{project}/albums/{album}/photos";
        constexpr std::string_view kPhoto = "/api/projects/{project}/albums/{album}/photos/{photo}";
        route("GET", kPhotos, "shootbin.list_photos", [this](const MockRequest& r, const RouteParams& p) {
            return with_ids(p, false, [&](std::int64_t project, std::int64_t album, std::int64_t) {
                return list_photos(r, project, album);
            });
        });
        route("POST", kPhotos, "shootbin.upload_photo", [this](const MockRequest& r, const RouteParams& p) {
            return with_ids(p, false, [&](std::int64_t project, std::int64_t album, std::int64_t) {
                return upload_photo(r, project, album);
            });
        });
        route("GET", kPhoto, "shootbin.get_photo", [this](const MockRequest& r, const RouteParams& p) {
            return with_ids(p, true, [&](std::int64_t project, std::int64_t album, std::int64_t photo) {
                return get_photo(r, project, album, photo);
            });
        });
        route("PATCH", kPhoto, "shootbin.update_photo", [this](const MockRequest& r, const RouteParams& p) {
            return with_ids(p, true, [&](std::int64_t project, std::int64_t album, std::int64_t photo) {
                return update_photo(r, project, album, photo);
            });
        });
    }

    void reset() override {
        std::unique_lock lock(mutex_);
        synthesize();
    }

private:
    // ---- synthesis ---------------------------------------------------------------

    void synthesize() {
        photos_.clear();
        albums_.clear();
        photo_by_id_.clear();
        revision_ids_.clear();
        rendered_.clear();
        writes_ = 0;
        next_photo_id_ = kFirstPhotoId;
        next_revision_id_ = 5;  // the docs' revision 5 is the first
        next_annotation_id_ = 9;  // the docs' annotation 9 is the first
        add_album(12, 1, options_.records);
        add_album(22, 2, 20);
        add_album(32, 3, 10);
    }

    void add_album(int album_id, int project, std::size_t count) {
        Album& album = albums_[album_id];
        album.id = album_id;
        album.project = project;
        static constexpr std::array<std::string_view, 4> kExtensions{".CR3", ".JPG", ".NEF", ".ARW"};
        static constexpr std::array<std::string_view, 6> kTags{"portrait", "outdoor", "favorite",
                                                               "retouch",  "team",    "print"};
        static constexpr std::array<std::string_view, 4> kComments{
            "Please retouch the hair on the left side.", "Brighten the background slightly.",
            "Crop a little tighter.", "Remove the stray hair on the forehead."};
        const UnixMillis start = kDatasetAnchorTime - 120LL * 24 * 3600 * 1000;
        for (std::size_t k = 0; k < count; ++k) {
            SeededRandom random =
                SeededRandom::for_record(options_.seed, "shootbin.photo." + std::to_string(album_id), k);
            Photo photo;
            photo.id = next_photo_id_++;
            photo.album_id = album_id;
            char title[32];
            std::snprintf(title, sizeof title, "Frame %03zu", k + 1);
            photo.title = title;
            photo.original_filename =
                "IMG_" + std::to_string(random.between(1000, 9999)) + std::string(random.pick(kExtensions));
            if (random.chance(0.3)) photo.description = "Selected from session " + std::to_string(random.between(1, 40));
            if (random.chance(0.4)) {
                photo.tags.emplace_back(random.pick(kTags));
                if (random.chance(0.5)) photo.tags.emplace_back(random.pick(kTags));
            }
            const UnixMillis base = start + static_cast<UnixMillis>(k) * 600000 + random.between(0, 599999);
            if (options_.selection_limit == 0 && random.chance(0.2))
                photo.approved_at = base + random.between(3600, 72 * 3600) * 1000LL;
            if (random.chance(0.1)) {
                Revision revision;
                revision.id = next_revision_id_++;
                revision.original_filename = strip_extension(photo.original_filename) + "_v1" +
                                             photo.original_filename.substr(photo.original_filename.rfind('.'));
                revision.uploaded_at = base;
                revision.archived_annotations_count = static_cast<int>(random.between(0, 3));
                photo.revision_uploaded_at = base + random.between(3600, 48 * 3600) * 1000LL;
                revision_ids_.emplace(revision.id, photos_.size());
                photo.revisions.push_back(std::move(revision));
            }
            if (random.chance(0.15)) {
                const int count_annotations = static_cast<int>(random.between(1, 2));
                for (int a = 0; a < count_annotations; ++a) {
                    photo.annotations.push_back({next_annotation_id_++, std::string(random.pick(kComments)),
                                                 static_cast<double>(random.between(50, 950)) / 10.0,
                                                 static_cast<double>(random.between(50, 950)) / 10.0,
                                                 base + random.between(3600, 96 * 3600) * 1000LL});
                }
            }
            add_photo(std::move(photo));
        }
    }

    void add_photo(Photo photo) {
        photo_by_id_.emplace(photo.id, photos_.size());
        albums_[photo.album_id].photos.push_back(photos_.size());
        photos_.push_back(std::move(photo));
    }

    UnixMillis next_write_time() { return kDatasetAnchorTime + static_cast<UnixMillis>(++writes_) * 1000; }

    // ---- routing -----------------------------------------------------------------

    // Runs `serve(project, album, photo)` with the route's numeric ids
    // (photo 0 when `has_photo` is false); Laravel's 404 when one is not a number.
    template <typename Serve>
    static std::optional<MockResponse> with_ids(const RouteParams& params, bool has_photo, Serve&& serve) {
        const auto project_id = parse_id(params["project"]);
        const auto album_id = parse_id(params["album"]);
        const auto photo_id = has_photo ? parse_id(params["photo"]) : std::optional<std::int64_t>(0);
        if (!project_id || !album_id || !photo_id) return laravel_error(404, "Not Found.");
        return serve(*project_id, *album_id, *photo_id);
    }

    static std::optional<std::int64_t> parse_id(std::string_view text) {
        std::int64_t value = 0;
        if (text.empty() || text.size() > 18) return std::nullopt;
        for (char c : text) {
            if (c < '0' || c > '9') return std::nullopt;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static const Project* find_project(std::int64_t id) {
        for (const Project& project : kProjects)
            if (project.id == id) return &project;
        return nullptr;
    }

    // The album when it exists inside the project, else nullptr.
    const Album* find_album(std::int64_t project, std::int64_t album_id) const {
        const auto it = albums_.find(static_cast<int>(album_id));
        if (album_id > 1000000 || it == albums_.end() || it->second.project != project) return nullptr;
        return &it->second;
    }

    // ---- routes --------------------------------------------------------------------

    std::optional<MockResponse> list_photos(const MockRequest& request, std::int64_t project, std::int64_t album_id) {
        std::int64_t per_page = 0;
        if (auto error = read_integer_param(request, "per_page", 50, 1, 100, per_page)) return error;
        std::optional<std::int64_t> before_id;
        if (const std::string* cursor = query_value(request, "cursor"); cursor && !cursor->empty()) {
            before_id = decode_cursor(*cursor);
            if (!before_id) return invalid_parameter("cursor", *cursor, "cursor is not a next_cursor value from a previous page");
        }
        std::shared_lock lock(mutex_);
        const Album* album = find_album(project, album_id);
        if (album == nullptr) return laravel_error(404, "Not Found.");

        // album->photos is ascending by id; walk it backwards from the cursor.
        auto end = album->photos.end();
        if (before_id) {
            end = std::lower_bound(album->photos.begin(), album->photos.end(), *before_id,
                                   [this](std::size_t index, std::int64_t id) { return photos_[index].id < id; });
        }
        std::vector<std::size_t> page;
        for (auto it = end; it != album->photos.begin() && page.size() < static_cast<std::size_t>(per_page);) {
            --it;
            page.push_back(*it);
        }
        const bool has_more = !page.empty() && photos_[page.back()].id > photos_[album->photos.front()].id;
        const auto fragments = photo_fragments(request.provider_base_url);
        const std::string items = join_json_array(*fragments, page);
        const boost::json::value next_cursor =
            has_more ? boost::json::value(encode_cursor(photos_[page.back()].id)) : boost::json::value(nullptr);

        std::string body = "{\"data\":" + items + ",\"photos\":" + items + ",\"next_cursor\":";
        body += boost::json::serialize(next_cursor);
        body += ",\"has_more\":";
        body += has_more ? "true" : "false";
        body += ",\"meta\":{\"per_page\":" + std::to_string(per_page) + "}}";
        return json_response(200, std::move(body));
    }

    std::optional<MockResponse> get_photo(const MockRequest& request, std::int64_t project, std::int64_t album_id,
                                          std::int64_t photo_id) {
        std::shared_lock lock(mutex_);
        const auto index = find_photo(project, album_id, photo_id);
        if (!index) return laravel_error(404, "Not Found.");
        return json_response(200, (*photo_fragments(request.provider_base_url))[*index]);
    }

    // multipart/form-data: photo (file, required, an image, at most 10 MB),
    // title, description, client_original_filename.
    std::optional<MockResponse> upload_photo(const MockRequest& request, std::int64_t project_id,
                                             std::int64_t album_id) {
        const Project* project = find_project(project_id);
        {
            std::shared_lock lock(mutex_);
            if (project == nullptr || find_album(project_id, album_id) == nullptr) return laravel_error(404, "Not Found.");
        }
        if (project->locked) return laravel_error(403, "This project is locked for review.");

        const MultipartPart* file = nullptr;
        std::optional<std::string> title, description, client_filename;
        for (const MultipartPart& part : request.parts) {
            if (part.name == "photo" && file == nullptr) file = &part;
            else if (part.name == "title") title = part.content();
            else if (part.name == "description") description = part.content();
            else if (part.name == "client_original_filename") client_filename = part.content();
        }
        if (file == nullptr || (file->filename.empty() && file->content().empty()))
            return validation_error("photo", "The photo field is required.");
        if (file->content().size() > kMaxUploadBytes)
            return validation_error("photo", "The photo field must not be greater than 10240 kilobytes.");
        const ImageFormat format = sniff_image_format(file->content());
        if (format == ImageFormat::unknown) return validation_error("photo", "The photo field must be an image.");

        Photo photo;
        const std::string reported_name = file_basename(file->filename.empty() ? "upload" : file->filename);
        photo.original_filename = client_filename && !client_filename->empty() ? *client_filename : reported_name;
        photo.title = title && !title->empty() ? *title : strip_extension(reported_name);
        if (description && !description->empty()) photo.description = *description;
        photo.uploaded_bytes = file->bytes;
        photo.uploaded_content_type =
            file->content_type.empty() || file->content_type == "application/octet-stream" ? content_type_for(format)
                                                                                           : file->content_type;

        std::unique_lock lock(mutex_);
        photo.id = next_photo_id_++;
        photo.album_id = static_cast<int>(album_id);
        next_write_time();
        const std::size_t index = photos_.size();
        add_photo(std::move(photo));
        return json_response(201, (*photo_fragments(request.provider_base_url))[index]);
    }

    // JSON body: approved (bool), title (string), description (string|null),
    // tags (array of strings up to 100 characters). Title, description and
    // tags are for the project owner only (403 otherwise).
    std::optional<MockResponse> update_photo(const MockRequest& request, std::int64_t project_id,
                                             std::int64_t album_id, std::int64_t photo_id) {
        const Project* project = find_project(project_id);
        {
            std::shared_lock lock(mutex_);
            if (project == nullptr || !find_photo(project_id, album_id, photo_id)) return laravel_error(404, "Not Found.");
        }
        auto parsed = parse_json_body(request.body.empty() ? std::string_view("{}") : request.body);
        if (!parsed || !parsed->is_object()) return invalid_parameter("body", "the request body must be a JSON object");
        const boost::json::object& body = parsed->as_object();

        const bool owner = project->owned_by_caller && request.credential != kApproverToken;
        const bool edits_owner_fields =
            body.contains("title") || body.contains("description") || body.contains("tags");
        if (edits_owner_fields && !owner)
            return laravel_error(403, "Only the project owner can update title, description, and tags.");

        std::optional<bool> approved;
        if (const auto* value = body.if_contains("approved")) {
            if (!value->is_bool()) return validation_error("approved", "The approved field must be true or false.");
            approved = value->as_bool();
        }
        std::optional<std::string> title;
        if (const auto* value = body.if_contains("title")) {
            if (!value->is_string() || value->as_string().empty())
                return validation_error("title", "The title field must be a non-empty string.");
            if (value->as_string().size() > 255)
                return validation_error("title", "The title field must not be greater than 255 characters.");
            title = std::string(value->as_string());
        }
        std::optional<std::optional<std::string>> description;
        if (const auto* value = body.if_contains("description")) {
            if (value->is_null()) description.emplace(std::nullopt);
            else if (value->is_string()) description.emplace(std::string(value->as_string()));
            else return validation_error("description", "The description field must be a string.");
        }
        std::optional<std::vector<std::string>> tags;
        if (const auto* value = body.if_contains("tags")) {
            if (!value->is_array()) return validation_error("tags", "The tags field must be an array.");
            std::vector<std::string> list;
            for (std::size_t i = 0; i < value->as_array().size(); ++i) {
                const auto& tag = value->as_array()[i];
                const std::string field = "tags." + std::to_string(i);
                if (!tag.is_string()) return validation_error(field, "The " + field + " field must be a string.");
                if (tag.as_string().size() > kMaxTagLength)
                    return validation_error(field, "The " + field + " field must not be greater than 100 characters.");
                list.emplace_back(tag.as_string());
            }
            tags = std::move(list);
        }

        std::unique_lock lock(mutex_);
        const auto index = find_photo(project_id, album_id, photo_id);
        if (!index) return laravel_error(404, "Not Found.");
        Photo& photo = photos_[*index];
        const std::size_t limit = options_.selection_limit;
        if (approved && *approved && !photo.approved_at && limit > 0 &&
            approved_in_project(static_cast<int>(project_id)) >= limit) {
            return validation_error("approved", "The photo selection limit of " + std::to_string(limit) +
                                                    " photos for this project has been reached.");
        }
        const UnixMillis now = next_write_time();
        if (approved) {
            if (!*approved) photo.approved_at.reset();
            else if (!photo.approved_at) photo.approved_at = now;
        }
        if (title) photo.title = *title;
        if (description) photo.description = *description;
        if (tags) photo.tags = *tags;
        rendered_.invalidate(*index, renderer());
        return json_response(200, (*photo_fragments(request.provider_base_url))[*index]);
    }

    // /cdn/photos/<id>.jpg and (`revision`) /cdn/photos/revisions/<revision id>.jpg
    std::optional<MockResponse> serve_cdn(std::string_view file, bool revision) {
        const auto id = file.ends_with(".jpg") ? parse_id(file.substr(0, file.size() - 4)) : std::nullopt;
        std::shared_lock lock(mutex_);
        if (id && revision && revision_ids_.count(*id))
            return bytes_response(portrait_jpeg("shootbin-revision-" + std::to_string(*id)), "image/jpeg");
        if (id && !revision) {
            const auto it = photo_by_id_.find(*id);
            if (it != photo_by_id_.end()) {
                const Photo& photo = photos_[it->second];
                if (photo.uploaded_bytes) return bytes_response(*photo.uploaded_bytes, photo.uploaded_content_type);
                return bytes_response(dataset_photo_jpeg("shootbin-photo-" + std::to_string(*id), options_.image_bytes),
                                      "image/jpeg");
            }
        }
        return laravel_error(404, "Not Found.");
    }

    // ---- pieces --------------------------------------------------------------------

    std::optional<std::size_t> find_photo(std::int64_t project, std::int64_t album_id, std::int64_t photo_id) const {
        if (find_album(project, album_id) == nullptr) return std::nullopt;
        const auto it = photo_by_id_.find(photo_id);
        if (it == photo_by_id_.end() || photos_[it->second].album_id != album_id) return std::nullopt;
        return it->second;
    }

    std::size_t approved_in_project(int project) const {
        std::size_t count = 0;
        for (const auto& [id, album] : albums_) {
            if (album.project != project) continue;
            for (std::size_t index : album.photos) count += photos_[index].approved_at.has_value();
        }
        return count;
    }

    static std::string encode_cursor(std::int64_t id) {
        return base64url_encode(boost::json::serialize(boost::json::object{{"id", id}}));
    }

    static std::optional<std::int64_t> decode_cursor(const std::string& cursor) {
        const auto text = base64url_decode(cursor);
        if (!text) return std::nullopt;
        const auto json = parse_json_body(*text);
        if (!json || !json->is_object()) return std::nullopt;
        const auto* id = json->as_object().if_contains("id");
        if (id == nullptr || !id->is_int64()) return std::nullopt;
        return id->as_int64();
    }

    RenderedRecords::Renderer renderer() const {
        return [this](std::size_t index, const std::string& base_url) {
            const Photo& p = photos_[index];
            const auto iso = [](const std::optional<UnixMillis>& time) {
                return time ? boost::json::value(format_iso_micros(*time)) : boost::json::value(nullptr);
            };
            boost::json::array tags;
            for (const auto& tag : p.tags) tags.emplace_back(tag);
            boost::json::array revisions;
            for (const Revision& r : p.revisions) {
                revisions.push_back(boost::json::object{
                    {"id", r.id},
                    {"revision_number", r.revision_number},
                    {"original_filename", r.original_filename},
                    {"uploaded_at", format_iso_micros(r.uploaded_at)},
                    {"archived_annotations_count", r.archived_annotations_count},
                    {"image_url", base_url + "/cdn/photos/revisions/" + std::to_string(r.id) + ".jpg"}});
            }
            boost::json::array annotations;
            for (const Annotation& a : p.annotations) {
                annotations.push_back(boost::json::object{{"id", a.id},
                                                          {"comment", a.comment},
                                                          {"x_position", a.x_position},
                                                          {"y_position", a.y_position},
                                                          {"created_at", format_iso_micros(a.created_at)}});
            }
            return boost::json::serialize(boost::json::object{
                {"id", p.id},
                {"album_id", p.album_id},
                {"title", p.title},
                {"description", p.description ? boost::json::value(*p.description) : boost::json::value(nullptr)},
                {"tags", std::move(tags)},
                {"original_filename", p.original_filename},
                {"approved_at", iso(p.approved_at)},
                {"revision_uploaded_at", iso(p.revision_uploaded_at)},
                {"has_annotations", !p.annotations.empty()},
                {"image_url", base_url + "/cdn/photos/" + std::to_string(p.id) + ".jpg"},
                {"revisions", std::move(revisions)},
                {"annotations", std::move(annotations)}});
        };
    }

    std::shared_ptr<const RenderedRecords::Fragments> photo_fragments(const std::string& base_url) {
        return rendered_.get(base_url, photos_.size(), renderer());
    }

    const DatasetOptions options_;
    std::shared_mutex mutex_;
    std::vector<Photo> photos_;
    std::unordered_map<int, Album> albums_;
    std::unordered_map<std::int64_t, std::size_t> photo_by_id_;
    std::unordered_map<std::int64_t, std::size_t> revision_ids_;
    RenderedRecords rendered_;
    std::int64_t next_photo_id_ = kFirstPhotoId;
    std::int64_t next_revision_id_ = 5;
    std::int64_t next_annotation_id_ = 9;
    std::uint64_t writes_ = 0;
};

}  // namespace

std::unique_ptr<DatasetBackend> make_shootbin_backend(const DatasetOptions& options) {
    return std::make_unique<ShootbinBackend>(options);
}

}  // namespace photobridge::mock::dataset
