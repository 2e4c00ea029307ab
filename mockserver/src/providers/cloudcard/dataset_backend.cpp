// CloudCard dataset: GET /photo with status / offset / max (cloudcard.md),
// and the CDN that externalURL and links.bytes point at.
//
// World: N photos, newest first (dateCreated descending, ids descending).
// The first two are the docs' 1423442 and 1415398 (PENDING, their docs'
// people). Statuses are spread over all seven documented values; dateApproved
// is set for the statuses that come after approval. The dataset is
// read-only, so only the rendered-JSON cache is locked.
#include "dataset_backend.hpp"

#include <boost/json.hpp>

#include <array>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "dataset/image_synth.hpp"
#include "dataset/rendered_records.hpp"
#include "dataset/request_helpers.hpp"
#include "dataset/seeded_random.hpp"
#include "dataset/synthetic_identity.hpp"
#include "dataset/timestamps.hpp"

namespace photobridge::mock::dataset {
namespace {

constexpr std::array<std::string_view, 7> kStatuses{"PENDING",  "APPROVED", "DENIED", "READY_FOR_DOWNLOAD",
                                                    "DOWNLOADED", "DONE",   "ENROUTE"};
// 2022-09-01T16:43:47Z, the docs' newest photo.
constexpr UnixMillis kNewestPhotoTime = 1662050627000;

struct Photo {
    std::int64_t id = 0;
    std::string status;
    UnixMillis date_created = 0;
    UnixMillis last_updated = 0;
    std::optional<UnixMillis> date_approved;
    int width = 300, height = 400;
    int version = 1;
    bool background_replaced = true, manually_edited = false, automatically_approved_or_denied = false;
    double lowest_classification = 0.9;
    std::string public_key;
    std::int64_t person_id = 0;
    std::string email;
    std::string identifier;
    int person_version = 1;
    std::int64_t additional_photo_id = 0;
    std::string additional_public_key;
    std::int64_t original_id = 0;
    std::string original_public_key;
    UnixMillis original_created = 0;
};

bool is_after_approval(std::string_view status) { return status != "PENDING" && status != "DENIED"; }

class CloudCardBackend final : public DatasetBackend {
public:
    explicit CloudCardBackend(const DatasetOptions& options) : DatasetBackend("cloudcard") {
        synthesize(options);
        route("GET", "/photo", "cloudcard.get_photo_list",
              [this](const MockRequest& r, const RouteParams&) { return list_photos(r); });
        route("GET", "/cdn/{folder}/{file}", "cloudcard.cdn",
              [this](const MockRequest&, const RouteParams& p) { return serve_cdn(p["folder"], p["file"]); });
    }

    void reset() override { rendered_.clear(); }

private:
    void synthesize(const DatasetOptions& options) {
        std::int64_t id = 1423442;
        UnixMillis created = kNewestPhotoTime;
        for (std::size_t k = 0; k < options.records; ++k) {
            SeededRandom random = SeededRandom::for_record(options.seed, "cloudcard.photo", k);
            Photo photo;
            if (k == 1) id = 1415398, created = kNewestPhotoTime - 42000;
            if (k >= 2) {
                id -= random.between(3, 4000);
                created -= random.between(5, 3600) * 1000LL;
            }
            photo.id = id;
            photo.date_created = created;
            photo.last_updated = created + random.between(1, 600) * 1000LL;
            photo.status = k < 2 ? "PENDING" : std::string(random.pick(kStatuses));
            if (is_after_approval(photo.status)) photo.date_approved = photo.last_updated;
            photo.height = static_cast<int>(random.between(398, 402));
            photo.version = static_cast<int>(random.between(1, 4));
            photo.background_replaced = random.chance(0.8);
            photo.manually_edited = random.chance(0.5);
            photo.automatically_approved_or_denied = photo.status != "PENDING" && random.chance(0.3);
            photo.lowest_classification = static_cast<double>(random.between(4000, 9999)) / 10000.0;
            photo.public_key = "000008.22.244." + make_token(random, 64);
            photo.person_id = random.between(500000, 59999999);
            if (k == 0) {
                photo.email = "test_user@cloudcard.us";
            } else if (k == 1) {
                photo.email = "test_user2@cloudcard.us";
            } else {
                photo.email = make_person(random, k).email;
            }
            photo.identifier = std::to_string(random.between(10000000, 99999999));
            photo.person_version = static_cast<int>(random.between(1, 400));
            photo.additional_photo_id = random.between(10000, 99999);
            photo.additional_public_key = "additional-photo-8.2022.237." + make_token(random, 64);
            photo.original_id = id - random.between(1, 9000);
            photo.original_public_key = "000008.22.244." + make_token(random, 64);
            photo.original_created = created - random.between(5, 60) * 1000LL;
            known_keys_.insert(photo.public_key);
            known_keys_.insert(photo.original_public_key);
            known_additional_keys_.insert(photo.additional_public_key);
            by_status_[status_index(photo.status)].push_back(photos_.size());
            photos_.push_back(std::move(photo));
        }
    }

    static std::size_t status_index(std::string_view status) {
        for (std::size_t i = 0; i < kStatuses.size(); ++i)
            if (kStatuses[i] == status) return i;
        return 0;
    }

    std::optional<MockResponse> list_photos(const MockRequest& request) {
        std::int64_t offset = 0, max = 0;
        std::string status;
        if (auto error = read_integer_param(request, "offset", 0, 0, INT64_MAX, offset)) return error;
        if (auto error = read_integer_param(request, "max", 25, 0, 1000, max)) return error;
        if (auto error = read_enum_param(request, "status",
                                         {"PENDING", "APPROVED", "DENIED", "READY_FOR_DOWNLOAD", "DOWNLOADED", "DONE",
                                          "ENROUTE"},
                                         status))
            return error;
        const auto fragments = rendered_.get(request.provider_base_url, photos_.size(),
                                             [this](std::size_t i, const std::string& base) { return render(i, base); });
        std::vector<std::size_t> all;
        const std::vector<std::size_t>* matching = nullptr;
        if (status.empty()) {
            all.resize(photos_.size());
            for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
            matching = &all;
        } else {
            matching = &by_status_[status_index(status)];
        }
        const std::size_t begin = std::min<std::size_t>(static_cast<std::size_t>(offset), matching->size());
        const std::size_t end = std::min<std::size_t>(begin + static_cast<std::size_t>(max), matching->size());
        return json_response(200, join_json_array(*fragments, std::vector<std::size_t>(matching->begin() + begin,
                                                                                       matching->begin() + end)));
    }

    std::string render(std::size_t index, const std::string& base) const {
        const Photo& p = photos_[index];
        const std::string photo_url = base + "/cdn/photos/" + p.public_key + ".jpg";
        const boost::json::value message{{"message", "deliberately not rendered"}};
        boost::json::object person{
            {"id", p.person_id},
            {"username", p.email},
            {"email", p.email},
            {"identifier", p.identifier},
            {"additionalPhotoRequired", true},
            {"domainClass", "us.cloudcard.api.Person"},
            {"version", p.person_version},
            {"additionalPhotos",
             boost::json::array{boost::json::object{
                 {"id", p.additional_photo_id},
                 {"additionalPhotoType",
                  {{"name", "Government issued ID"},
                   {"enableOcr", false},
                   {"enableFacialRecognition", false},
                   {"enableGovIdClassifier", false},
                   {"goodFacialRecognitionThreshold", 0.9},
                   {"badFacialRecognitionThreshold", 0.5}}},
                 {"facialRecognitionScore", nullptr},
                 {"facialRecognitionClassification", "unclassified"},
                 {"govIdScore", nullptr},
                 {"govIdClassification", "unclassified"},
                 {"lowestClassification", "unclassified"},
                 {"publicKey", p.additional_public_key},
                 {"links", {{"bytes", base + "/cdn/additional-photos/" + p.additional_public_key + ".jpg"}}}}}},
            {"previouslyApprovedPhoto", nullptr},
            {"customFields", message}};
        boost::json::object photo{
            {"id", p.id},
            {"dateCreated", format_iso_seconds(p.date_created)},
            {"upVotes", 0},
            {"width", p.width},
            {"dateApproved", p.date_approved ? boost::json::value(format_iso_seconds(*p.date_approved))
                                             : boost::json::value(nullptr)},
            {"externalURL", photo_url},
            {"lastUpdated", format_iso_seconds(p.last_updated)},
            {"helperBotReviewed", true},
            {"aspectRatio", static_cast<double>(p.width) / p.height},
            {"height", p.height},
            {"backgroundReplaced", p.background_replaced},
            {"downVotes", 0},
            {"automaticallyApprovedOrDenied", p.automatically_approved_or_denied},
            {"publicKey", p.public_key},
            {"manuallyEdited", p.manually_edited},
            {"status", p.status},
            {"domainClass", "us.cloudcard.api.Photo"},
            {"version", p.version},
            {"person", std::move(person)},
            {"lowestClassification", p.lowest_classification},
            {"isAspectRatioCorrect", true},
            {"links", {{"bytes", photo_url}}},
            {"originalPhoto",
             {{"id", p.original_id},
              {"publicKey", p.original_public_key},
              {"links", {{"bytes", base + "/cdn/photos/" + p.original_public_key + ".jpg"}}},
              {"dateCreated", format_iso_seconds(p.original_created)}}},
            {"personHasApprovedPhoto", is_after_approval(p.status)},
            {"onHoldReasons", message},
            {"isHelperBotProcessing", false},
            {"classifications", boost::json::array{}}};
        return boost::json::serialize(photo);
    }

    // /cdn/photos/<publicKey>.jpg and /cdn/additional-photos/<publicKey>.jpg
    std::optional<MockResponse> serve_cdn(std::string_view folder, std::string_view file) const {
        const bool jpg = file.ends_with(".jpg");
        const std::string key(jpg ? file.substr(0, file.size() - 4) : file);
        const bool known = jpg && ((folder == "photos" && known_keys_.count(key)) ||
                                   (folder == "additional-photos" && known_additional_keys_.count(key)));
        if (!known) return json_response(404, boost::json::value{{"error", "not found"}});
        return bytes_response(portrait_jpeg(key), "image/jpeg");
    }

    std::vector<Photo> photos_;
    std::array<std::vector<std::size_t>, kStatuses.size()> by_status_;
    std::unordered_set<std::string> known_keys_;
    std::unordered_set<std::string> known_additional_keys_;
    RenderedRecords rendered_;
};

}  // namespace

std::unique_ptr<DatasetBackend> make_cloudcard_backend(const DatasetOptions& options) {
    return std::make_unique<CloudCardBackend>(options);
}

}  // namespace photobridge::mock::dataset
