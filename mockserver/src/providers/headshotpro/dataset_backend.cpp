// HeadshotPro dataset: model photos, favorites, batch download and the
// signed CDN that their URLs point at (headshotpro.md).
//
// World (all ids deterministic for the seed):
// - Model 507f1f77bcf86cd799439011 (the docs' model) has N active photos and
//   max(1, N/10) deleted ones, oldest first. Its first photos are the docs'
//   507f1f77bcf86cd799439022 (loved, the model's favorite) and ...023.
// - The organization has N members; member 0 is the docs' John Doe
//   (user_abc123, team_xyz789 "Marketing") whose model is ...011. Every other
//   member has a model of 3 photos, one of them the favorite. So
//   GET /organization/photos/favorites lists N favorites.
// - Models 507f1f77bcf86cd799439012, ...013 and ...014 have 5 photos each and
//   no favorite: their favorite route answers the documented `photo: null`.
//
// The dataset is read-only, so it needs no lock; only the page cache does.
// Signed URLs are issued per wall-clock hour (issue time = start of the
// current UTC hour, expiresAt = issue + 24 h), so a page is byte-identical
// within an hour and cached: the hot listing route is one hash lookup.
#include "dataset_backend.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "dataset/image_synth.hpp"
#include "dataset/request_helpers.hpp"
#include "dataset/seeded_random.hpp"
#include "dataset/synthetic_identity.hpp"
#include "dataset/timestamps.hpp"
#include "dataset/url_signer.hpp"

namespace photobridge::mock::dataset {
namespace {

constexpr std::string_view kDocModelId = "507f1f77bcf86cd799439011";
constexpr std::string_view kDocPhotoId = "507f1f77bcf86cd799439022";
constexpr std::string_view kDocSecondPhotoId = "507f1f77bcf86cd799439023";
constexpr std::array<std::string_view, 3> kModelsWithoutFavorite{
    "507f1f77bcf86cd799439012", "507f1f77bcf86cd799439013", "507f1f77bcf86cd799439014"};

struct Team {
    std::string_view id;
    std::string_view name;
};
constexpr std::array<Team, 5> kTeams{{{"team_xyz789", "Marketing"},
                                      {"team_abc456", "Engineering"},
                                      {"team_def123", "Sales"},
                                      {"team_ghi012", "Design"},
                                      {"team_jkl345", "Operations"}}};

constexpr std::int64_t kUrlLifetimeSeconds = 24 * 3600;
constexpr std::size_t kPageCacheCapacity = 4096;

struct Photo {
    std::string id;
    std::string model_id;
    bool deleted = false;
    std::string liked_status;  // none, liked, loved
    UnixMillis created_at = 0;
};

struct Model {
    std::string id;
    std::vector<std::size_t> photos;  // indices into photos_, oldest first
    std::optional<std::size_t> favorite;
};

struct Member {
    std::string id, email, name, team_id, team_name;
    std::size_t model = 0;  // index into models_
};

enum class Variants { main, all };

struct Issue {
    std::int64_t expires_unix;
    std::string expires_at;  // ISO form of expires_unix
};

class HeadshotProBackend final : public DatasetBackend {
public:
    explicit HeadshotProBackend(const DatasetOptions& options)
        : DatasetBackend("headshotpro"), signer_(options.seed), image_bytes_(options.image_bytes) {
        synthesize(options);
        route("GET", "/cdn/photos/{file}", "headshotpro.cdn",
              [this](const MockRequest& r, const RouteParams& p) { return serve_cdn(r, p["file"]); });
        route("GET", "/organization/photos/favorites", "headshotpro.list_organization_favorites",
              [this](const MockRequest& r, const RouteParams&) { return list_favorites(r); });
        route("GET", "/organization/models/{modelId}/photos", "headshotpro.list_model_photos",
              [this](const MockRequest& r, const RouteParams& p) { return list_model_photos(r, p["modelId"]); });
        route("GET", "/organization/models/{modelId}/photos/favorite", "headshotpro.get_favorite_photo",
              [this](const MockRequest& r, const RouteParams& p) { return favorite_photo(r, p["modelId"]); });
        route("POST", "/organization/models/{modelId}/photos/download", "headshotpro.batch_download",
              [this](const MockRequest& r, const RouteParams& p) { return batch_download(r, p["modelId"]); });
        route("GET", "/organization/models/{modelId}/photos/{photoId}", "headshotpro.get_photo",
              [this](const MockRequest& r, const RouteParams& p) {
                  return photo_details(r, p["modelId"], p["photoId"]);
              });
    }

    void reset() override {
        std::unique_lock lock(cache_mutex_);
        page_cache_.clear();
    }

private:
    // ---- synthesis -------------------------------------------------------

    void synthesize(const DatasetOptions& options) {
        const std::size_t n = options.records;
        const std::uint64_t seed = options.seed;

        // The docs' model: N active photos and max(1, N/10) deleted ones.
        const std::size_t doc_model = add_model(std::string(kDocModelId));
        const std::size_t deleted_wanted = n == 0 ? 0 : std::max<std::size_t>(1, n / 10);
        std::size_t active_made = 0, deleted_made = 0;
        const UnixMillis doc_start = kDatasetAnchorTime - 200LL * 24 * 3600 * 1000;
        for (std::size_t k = 0; active_made < n || deleted_made < deleted_wanted; ++k) {
            SeededRandom random = SeededRandom::for_record(seed, "headshotpro.photo", k);
            const bool deleted =
                active_made == n || (deleted_made < deleted_wanted && k % 11 == 10);
            std::string id = k == 0 ? std::string(kDocPhotoId)
                           : k == 1 ? std::string(kDocSecondPhotoId)
                                    : unique_hex_id(random);
            static constexpr std::array<std::string_view, 3> kLiked{"none", "liked", "loved"};
            std::string liked = k == 0 ? "loved" : std::string(random.pick(kLiked));
            const UnixMillis created = doc_start + static_cast<UnixMillis>(k) * 60000 + random.between(0, 59999);
            add_photo(doc_model, std::move(id), deleted, std::move(liked), created);
            (deleted ? deleted_made : active_made) += 1;
        }
        if (!models_[doc_model].photos.empty()) models_[doc_model].favorite = models_[doc_model].photos.front();

        // Members: member 0 is the docs' John Doe with the docs' model.
        for (std::size_t i = 0; i < n; ++i) {
            SeededRandom random = SeededRandom::for_record(seed, "headshotpro.member", i);
            Member member;
            if (i == 0) {
                member = {"user_abc123", "john@example.com", "John Doe", "team_xyz789", "Marketing", doc_model};
            } else {
                const SyntheticPerson person = make_person(random, i);
                const Team& team = random.pick(kTeams);
                member = {"user_" + make_token(random, 6), person.email, person.first_name + " " + person.last_name,
                          std::string(team.id), std::string(team.name), 0};
                member.model = add_model(unique_hex_id(random));
                const UnixMillis base = kDatasetAnchorTime - random.between(1, 300) * 24LL * 3600 * 1000;
                const std::size_t favorite_slot = random.below(3);
                for (std::size_t p = 0; p < 3; ++p) {
                    std::string liked = p == favorite_slot ? (random.chance(0.7) ? "loved" : "liked")
                                                           : (random.chance(0.5) ? "none" : "liked");
                    add_photo(member.model, unique_hex_id(random), false, std::move(liked),
                              base + static_cast<UnixMillis>(p) * 45000);
                }
                models_[member.model].favorite = models_[member.model].photos[favorite_slot];
            }
            members_.push_back(std::move(member));
        }

        // Models without a favorite.
        for (std::size_t m = 0; m < kModelsWithoutFavorite.size(); ++m) {
            const std::size_t model = add_model(std::string(kModelsWithoutFavorite[m]));
            SeededRandom random = SeededRandom::for_record(seed, "headshotpro.unfavored", m);
            for (std::size_t p = 0; p < 5; ++p) {
                add_photo(model, unique_hex_id(random), false, random.chance(0.5) ? "none" : "liked",
                          kDatasetAnchorTime - 30LL * 24 * 3600 * 1000 + static_cast<UnixMillis>(m * 10 + p) * 60000);
            }
        }
    }

    std::string unique_hex_id(SeededRandom& random) {
        std::string id;
        do id = make_hex_id(random, 24);
        while (photo_by_id_.count(id) || model_by_id_.count(id) || reserved_id(id));
        return id;
    }

    static bool reserved_id(std::string_view id) {
        if (id == kDocModelId || id == kDocPhotoId || id == kDocSecondPhotoId) return true;
        for (std::string_view reserved : kModelsWithoutFavorite)
            if (id == reserved) return true;
        return false;
    }

    std::size_t add_model(std::string id) {
        model_by_id_.emplace(id, models_.size());
        models_.push_back(Model{std::move(id), {}, std::nullopt});
        return models_.size() - 1;
    }

    void add_photo(std::size_t model, std::string id, bool deleted, std::string liked, UnixMillis created) {
        photo_by_id_.emplace(id, photos_.size());
        models_[model].photos.push_back(photos_.size());
        photos_.push_back(Photo{std::move(id), models_[model].id, deleted, std::move(liked), created});
    }

    // ---- routes --------------------------------------------------------------

    std::optional<MockResponse> list_model_photos(const MockRequest& request, const std::string& model_id) {
        std::int64_t limit = 0, offset = 0;
        std::string status, liked, include;
        if (auto error = read_integer_param(request, "limit", 50, 1, 200, limit)) return error;
        if (auto error = read_integer_param(request, "offset", 0, 0, INT64_MAX, offset)) return error;
        if (auto error = read_enum_param(request, "status", {"active", "deleted"}, status)) return error;
        if (auto error = read_enum_param(request, "likedStatus", {"none", "liked", "loved"}, liked)) return error;
        if (auto error = read_enum_param(request, "include", {"main", "all"}, include)) return error;
        if (status.empty()) status = "active";
        const auto model = model_by_id_.find(model_id);
        if (model == model_by_id_.end()) return model_not_found();

        const Issue issue = current_issue();
        const std::string key = "photos|" + model_id + "|" + status + "|" + liked + "|" + include + "|" +
                                std::to_string(limit) + "|" + std::to_string(offset) + "|" +
                                request.provider_base_url;
        return cached_page(key, issue, [&] {
            const Variants variants = include == "all" ? Variants::all : Variants::main;
            std::vector<const Photo*> matching;
            for (std::size_t index : models_[model->second].photos) {
                const Photo& photo = photos_[index];
                if (photo.deleted != (status == "deleted")) continue;
                if (!liked.empty() && photo.liked_status != liked) continue;
                matching.push_back(&photo);
            }
            boost::json::array page;
            const std::size_t begin = std::min<std::size_t>(static_cast<std::size_t>(offset), matching.size());
            const std::size_t end = std::min<std::size_t>(begin + static_cast<std::size_t>(limit), matching.size());
            for (std::size_t i = begin; i < end; ++i)
                page.push_back(photo_json(*matching[i], false, variants, issue, request.provider_base_url));
            return boost::json::serialize(boost::json::object{
                {"success", true},
                {"photos", std::move(page)},
                {"pagination", pagination_json(matching.size(), limit, offset, end)}});
        });
    }

    std::optional<MockResponse> list_favorites(const MockRequest& request) {
        std::int64_t limit = 0, offset = 0;
        std::string include;
        if (auto error = read_integer_param(request, "limit", 50, 1, 200, limit)) return error;
        if (auto error = read_integer_param(request, "offset", 0, 0, INT64_MAX, offset)) return error;
        if (auto error = read_enum_param(request, "include", {"main", "all"}, include)) return error;
        const std::string* team = query_value(request, "teamId");
        const std::string team_id = team ? *team : std::string();

        const Issue issue = current_issue();
        const std::string key = "favorites|" + team_id + "|" + include + "|" + std::to_string(limit) + "|" +
                                std::to_string(offset) + "|" + request.provider_base_url;
        return cached_page(key, issue, [&] {
            const Variants variants = include == "all" ? Variants::all : Variants::main;
            std::vector<const Member*> matching;
            for (const Member& member : members_)
                if (team_id.empty() || member.team_id == team_id) matching.push_back(&member);
            boost::json::array page;
            const std::size_t begin = std::min<std::size_t>(static_cast<std::size_t>(offset), matching.size());
            const std::size_t end = std::min<std::size_t>(begin + static_cast<std::size_t>(limit), matching.size());
            for (std::size_t i = begin; i < end; ++i) {
                const Member& member = *matching[i];
                const Photo& photo = photos_[*models_[member.model].favorite];
                page.push_back(boost::json::object{
                    {"id", photo.id},
                    {"modelId", photo.model_id},
                    {"member",
                     {{"id", member.id},
                      {"email", member.email},
                      {"name", member.name},
                      {"teamId", member.team_id},
                      {"teamName", member.team_name}}},
                    {"likedStatus", photo.liked_status},
                    {"urls", urls_json(photo.id, variants, issue, request.provider_base_url)},
                    {"expiresAt", issue.expires_at}});
            }
            return boost::json::serialize(boost::json::object{
                {"success", true},
                {"photos", std::move(page)},
                {"pagination", pagination_json(matching.size(), limit, offset, end)}});
        });
    }

    std::optional<MockResponse> favorite_photo(const MockRequest& request, const std::string& model_id) {
        std::string include;
        if (auto error = read_enum_param(request, "include", {"main", "all"}, include)) return error;
        const auto model = model_by_id_.find(model_id);
        if (model == model_by_id_.end()) return model_not_found();
        const auto& favorite = models_[model->second].favorite;
        if (!favorite) {
            return json_response(200, boost::json::value{{"success", true},
                                                         {"photo", nullptr},
                                                         {"message", "No favorite photo has been selected yet"}});
        }
        const Variants variants = include == "all" ? Variants::all : Variants::main;
        return json_response(200, boost::json::value{{"success", true},
                                                     {"photo", photo_json(photos_[*favorite], true, variants,
                                                                          current_issue(), request.provider_base_url)}});
    }

    std::optional<MockResponse> photo_details(const MockRequest& request, const std::string& model_id,
                                              const std::string& photo_id) {
        std::string include;
        if (auto error = read_enum_param(request, "include", {"main", "all"}, include)) return error;
        if (!model_by_id_.count(model_id)) return model_not_found();
        const Photo* photo = find_photo(model_id, photo_id);
        if (photo == nullptr) return photo_not_found(photo_id);
        const Variants variants = include == "all" ? Variants::all : Variants::main;
        return json_response(200, boost::json::value{
                                      {"success", true},
                                      {"photo", photo_json(*photo, true, variants, current_issue(),
                                                           request.provider_base_url)}});
    }

    // POST body {"photoIds"?: [string], "include"?: "main"|"all"}. Without
    // photoIds: every active photo of the model, oldest first.
    std::optional<MockResponse> batch_download(const MockRequest& request, const std::string& model_id) {
        boost::json::object body;
        if (!request.body.empty()) {
            auto parsed = parse_json_body(request.body);
            if (!parsed || !parsed->is_object())
                return invalid_parameter("body", "the request body must be a JSON object");
            body = std::move(parsed->as_object());
        }
        Variants variants = Variants::main;
        if (const auto* include = body.if_contains("include"); include && !include->is_null()) {
            if (!include->is_string() || (include->as_string() != "main" && include->as_string() != "all"))
                return invalid_parameter("include", "include must be one of: main, all");
            variants = include->as_string() == "all" ? Variants::all : Variants::main;
        }
        const auto model = model_by_id_.find(model_id);
        if (model == model_by_id_.end()) return model_not_found();

        std::vector<const Photo*> chosen;
        if (const auto* ids = body.if_contains("photoIds"); ids && !ids->is_null()) {
            if (!ids->is_array()) return invalid_parameter("photoIds", "photoIds must be an array of photo ids");
            for (const auto& id : ids->as_array()) {
                if (!id.is_string()) return invalid_parameter("photoIds", "photoIds must be an array of photo ids");
                const Photo* photo = find_photo(model_id, std::string(id.as_string()));
                if (photo == nullptr) return photo_not_found(std::string(id.as_string()));
                chosen.push_back(photo);
            }
        } else {
            for (std::size_t index : models_[model->second].photos)
                if (!photos_[index].deleted) chosen.push_back(&photos_[index]);
        }
        const Issue issue = current_issue();
        boost::json::array downloads;
        for (const Photo* photo : chosen) {
            downloads.push_back(boost::json::object{
                {"photoId", photo->id}, {"urls", urls_json(photo->id, variants, issue, request.provider_base_url)}});
        }
        return json_response(200, boost::json::value{
                                      {"success", true}, {"downloads", std::move(downloads)}, {"expiresAt", issue.expires_at}});
    }

    // GET /cdn/photos/<id>.jpg | <id>_thumb.jpg | <id>_original.jpg ?expires&signature
    std::optional<MockResponse> serve_cdn(const MockRequest& request, std::string_view file) {
        const std::string* expires = query_value(request, "expires");
        const std::string* signature = query_value(request, "signature");
        if (expires == nullptr || signature == nullptr)
            return forbidden("this URL is not signed: expires and signature are required");
        switch (signer_.check(request.path, *expires, *signature, wall_clock_unix_seconds())) {
            case SignatureCheck::tampered: return forbidden("signature does not match this URL");
            case SignatureCheck::expired: return forbidden("this URL has expired; fetch the photo again for a new URL");
            case SignatureCheck::valid: break;
        }
        if (!file.ends_with(".jpg")) return cdn_not_found();
        std::string_view stem = file.substr(0, file.size() - 4);
        int width = 48, height = 64;
        if (stem.ends_with("_thumb")) {
            stem.remove_suffix(6);
            width = 24, height = 32;
        } else if (stem.ends_with("_original")) {
            stem.remove_suffix(9);
            width = 96, height = 128;
        }
        if (!photo_by_id_.count(std::string(stem))) return cdn_not_found();
        // Sized photos (--image-bytes) for main and original; a thumbnail stays small.
        if (image_bytes_ > 0 && width != 24) return bytes_response(dataset_photo_jpeg(file, image_bytes_), "image/jpeg");
        return bytes_response(encode_jpeg(render_portrait(stem, width, height)), "image/jpeg");
    }

    // ---- pieces ----------------------------------------------------------------

    const Photo* find_photo(const std::string& model_id, const std::string& photo_id) const {
        const auto it = photo_by_id_.find(photo_id);
        if (it == photo_by_id_.end() || photos_[it->second].model_id != model_id) return nullptr;
        return &photos_[it->second];
    }

    static Issue current_issue() {
        const std::int64_t now = wall_clock_unix_seconds();
        const std::int64_t expires = now - now % 3600 + kUrlLifetimeSeconds;
        return {expires, format_iso_millis(expires * 1000)};
    }

    boost::json::object urls_json(const std::string& photo_id, Variants variants, const Issue& issue,
                                  const std::string& base_url) const {
        const auto signed_url = [&](std::string_view suffix) {
            const std::string path = "/cdn/photos/" + photo_id + std::string(suffix) + ".jpg";
            return base_url + path + signer_.query_for(path, issue.expires_unix);
        };
        boost::json::object urls{{"main", signed_url("")}};
        if (variants == Variants::all) {
            urls["thumbnail"] = signed_url("_thumb");
            urls["original"] = signed_url("_original");
        }
        return urls;
    }

    // The list shape omits modelId; the single-photo shapes include it.
    boost::json::object photo_json(const Photo& photo, bool with_model_id, Variants variants, const Issue& issue,
                                   const std::string& base_url) const {
        boost::json::object json;
        json["id"] = photo.id;
        if (with_model_id) json["modelId"] = photo.model_id;
        json["status"] = photo.deleted ? "deleted" : "active";
        json["likedStatus"] = photo.liked_status;
        json["createdAt"] = format_iso_millis(photo.created_at);
        json["urls"] = urls_json(photo.id, variants, issue, base_url);
        json["expiresAt"] = issue.expires_at;
        return json;
    }

    static boost::json::object pagination_json(std::size_t total, std::int64_t limit, std::int64_t offset,
                                               std::size_t page_end) {
        return {{"total", total}, {"limit", limit}, {"offset", offset}, {"hasMore", page_end < total}};
    }

    template <typename Render>
    MockResponse cached_page(const std::string& key, const Issue& issue, Render render) {
        {
            std::shared_lock lock(cache_mutex_);
            if (cache_expires_ == issue.expires_unix) {
                const auto it = page_cache_.find(key);
                if (it != page_cache_.end()) return json_response(200, *it->second);
            }
        }
        auto body = std::make_shared<const std::string>(render());
        std::unique_lock lock(cache_mutex_);
        if (cache_expires_ != issue.expires_unix || page_cache_.size() >= kPageCacheCapacity) {
            page_cache_.clear();
            cache_expires_ = issue.expires_unix;
        }
        page_cache_.emplace(key, body);
        return json_response(200, *body);
    }

    static MockResponse model_not_found() {
        return json_response(404, boost::json::value{{"success", false}, {"error", "Model not found"}});
    }
    static MockResponse photo_not_found(const std::string& photo_id) {
        return json_response(404, boost::json::value{{"success", false}, {"error", "Photo not found"}, {"photoId", photo_id}});
    }
    static MockResponse forbidden(std::string message) {
        return json_response(403, boost::json::value{{"error", "forbidden"}, {"message", std::move(message)}});
    }
    static MockResponse cdn_not_found() {
        return json_response(404, boost::json::value{{"error", "not found"}, {"message", "no such photo on this CDN"}});
    }

    UrlSigner signer_;
    const std::size_t image_bytes_;  // DatasetOptions::image_bytes
    std::vector<Photo> photos_;
    std::vector<Model> models_;
    std::vector<Member> members_;
    std::unordered_map<std::string, std::size_t> photo_by_id_;
    std::unordered_map<std::string, std::size_t> model_by_id_;

    std::shared_mutex cache_mutex_;
    std::int64_t cache_expires_ = 0;  // the issue the cached pages were signed for
    std::unordered_map<std::string, std::shared_ptr<const std::string>> page_cache_;
};

}  // namespace

std::unique_ptr<DatasetBackend> make_headshotpro_backend(const DatasetOptions& options) {
    return std::make_unique<HeadshotProBackend>(options);
}

}  // namespace photobridge::mock::dataset
