// generative.photos dataset: upload, status polling, face variants and PNG
// download (generative-photos.md).
//
// Polling model (the docs' "Typical Usage"), counted per document by
// default:
// - An upload answers 200 with data.task.status "complete" and no faces.
//   GETs 1 and 2 still show no faces; from the 3rd GET on, data.faces holds
//   the face rectangles.
// - A variant (PUT .../faces/{faceid}) answers "waiting"; its GETs then show
//   1st "waiting", 2nd "inprogress", 3rd and later "complete" or "failed".
//   Repeating the same PUT returns the same variant in its current state.
// - Faces configured to fail: face index 1 of any document (code
//   "face_unprocessable"), and any move with |param| >= 5 (code
//   "param_out_of_range"). Their task ends "failed" with data.task.error.code.
// By the clock instead (DatasetOptions::face_detection_time and
// generation_time, each on its own; steady_clock, from the upload or the
// variant's creation, however many GETs arrive):
// - an upload shows its faces once face_detection_time has passed;
// - a variant is "waiting" for the first third of generation_time,
//   "inprogress" until generation_time has passed, then "complete" or
//   "failed". A zero time means at once, also in the POST or PUT answer.
// Every document has two faces. Face rectangles are an assumption (the docs
// name data.faces but not its shape): [{"x","y","width","height"}] as
// fractions of the image size. data.pixels holds the document's download URL.
// N synthesized originals exist from the start, faces already detected.
//
// Locking: one mutex guards the documents (every GET advances a poll
// counter, so reads write); options_ is immutable after construction.
#include "dataset_backend.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "dataset/image_synth.hpp"
#include "dataset/request_helpers.hpp"
#include "dataset/seeded_random.hpp"
#include "dataset/synthetic_identity.hpp"

namespace photobridge::mock::dataset {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kPollsUntilReady = 3;  // the GET that first shows faces / a finished task (poll-count mode)
constexpr std::size_t kFacesPerDocument = 2;
constexpr std::size_t kFailingFaceIndex = 1;
constexpr double kFailingParamMagnitude = 5.0;
constexpr std::array<std::string_view, 11> kMoves{"FemaleAsian", "FemaleBlack", "FemaleHispanic", "FemaleWhite",
                                                 "MaleAsian",   "MaleBlack",   "MaleHispanic",   "MaleWhite",
                                                 "smile",       "gender",      "age"};

struct Face {
    double x, y, width, height;
};

struct Document {
    std::string id;
    std::vector<Face> faces;
    int polls = 0;                    // GETs served so far
    Clock::time_point created_at;     // the upload or the variant's creation
    bool faces_known_at_start = false;  // synthesized originals
    bool is_variant = false;
    std::optional<std::string> failure_code;  // variants configured to fail
};

MockResponse error_code(int status, std::string_view code, std::string_view parameter, std::string message) {
    boost::json::object body{{"code", code}, {"message", std::move(message)}};
    if (!parameter.empty()) body["parameter"] = parameter;
    return json_response(status, boost::json::value(std::move(body)));
}

double two_decimals(double value) { return std::round(value * 100.0) / 100.0; }

class GenerativePhotosBackend final : public DatasetBackend {
public:
    explicit GenerativePhotosBackend(const DatasetOptions& options)
        : DatasetBackend("generative_photos"), options_(options) {
        synthesize();
        route("POST", "/teams/me/gallery", "generative_photos.upload_image",
              [this](const MockRequest& r, const RouteParams&) { return upload(r); });
        route("GET", "/teams/me/gallery/{id}", "generative_photos.get_image_information",
              [this](const MockRequest& r, const RouteParams& p) { return poll(r, p["id"]); });
        route("PUT", "/teams/me/gallery/{id}/faces/{face}", "generative_photos.create_variant",
              [this](const MockRequest& r, const RouteParams& p) { return create_variant(r, p["id"], p["face"]); });
        route("GET", "/teams/me/gallery/{id}/pixels/original/bytes", "generative_photos.download_image",
              [this](const MockRequest&, const RouteParams& p) { return download(p["id"]); });
    }

    void reset() override {
        std::lock_guard lock(mutex_);
        synthesize();
    }

private:
    void synthesize() {
        documents_.clear();
        variant_by_key_.clear();
        uploads_ = 0;
        for (std::size_t k = 0; k < options_.records; ++k) {
            SeededRandom random = SeededRandom::for_record(options_.seed, "generative.original", k);
            Document document = make_document(make_token(random, 20));
            document.faces_known_at_start = true;
            documents_.emplace(document.id, std::move(document));
        }
    }

    Document make_document(std::string id) const {
        SeededRandom random(SeededRandom::hash_label(id));
        Document document;
        document.id = std::move(id);
        for (std::size_t f = 0; f < kFacesPerDocument; ++f) {
            const double width = two_decimals(0.2 + random.unit() * 0.15);
            const double height = two_decimals(width * 1.1);
            const double x = two_decimals(0.05 + f * 0.5 + random.unit() * (0.45 - width));
            const double y = two_decimals(0.1 + random.unit() * (0.8 - height));
            document.faces.push_back({x, y, width, height});
        }
        return document;
    }

    // ---- routes --------------------------------------------------------------------

    std::optional<MockResponse> upload(const MockRequest& request) {
        const MultipartPart* file = nullptr;
        for (const MultipartPart& part : request.parts) {
            if (!part.filename.empty()) {
                file = &part;
                break;
            }
        }
        if (file == nullptr) {
            return error_code(400, "filename_required", "filename",
                              "upload the image as a multipart/form-data file part with a non-empty filename");
        }
        const ImageFormat format = sniff_image_format(file->content());
        if (format != ImageFormat::png && format != ImageFormat::jpeg)
            return error_code(400, "unsupported_format", "file", "upload a PNG or JPEG image");

        std::lock_guard lock(mutex_);
        SeededRandom random = SeededRandom::for_record(options_.seed, "generative.upload", ++uploads_);
        std::string id;
        do id = make_token(random, 20);
        while (documents_.count(id));
        Document document = make_document(id);
        document.created_at = Clock::now();
        const auto& stored = documents_.emplace(id, std::move(document)).first->second;
        return json_response(200, item_json(stored, request.provider_base_url, stored.created_at));
    }

    std::optional<MockResponse> poll(const MockRequest& request, const std::string& id) {
        std::lock_guard lock(mutex_);
        const auto it = documents_.find(id);
        if (it == documents_.end()) return error_code(404, "not_found", "documentid", "no such document");
        ++it->second.polls;
        return json_response(200, item_json(it->second, request.provider_base_url, Clock::now()));
    }

    // Body {"move": <enum>, "param"?: number (default 1.0)}.
    std::optional<MockResponse> create_variant(const MockRequest& request, const std::string& source_id,
                                               std::string_view face_text) {
        auto parsed = parse_json_body(request.body.empty() ? std::string_view("{}") : request.body);
        if (!parsed || !parsed->is_object())
            return error_code(400, "invalid_body", "body", "the request body must be a JSON object");
        const boost::json::object& body = parsed->as_object();
        const auto* move_value = body.if_contains("move");
        if (move_value == nullptr || !move_value->is_string() ||
            std::find(kMoves.begin(), kMoves.end(), std::string_view(move_value->as_string())) == kMoves.end()) {
            return error_code(400, "invalid_move", "move",
                              "move must be one of FemaleAsian, FemaleBlack, FemaleHispanic, FemaleWhite, MaleAsian, "
                              "MaleBlack, MaleHispanic, MaleWhite, smile, gender, age");
        }
        double param = 1.0;
        if (const auto* value = body.if_contains("param"); value && !value->is_null()) {
            if (!value->is_number()) return error_code(400, "invalid_param", "param", "param must be a number");
            param = value->to_number<double>();
        }
        std::optional<std::size_t> face;
        if (face_text == "default") face = 0;
        else if (!face_text.empty() && face_text.size() < 4 &&
                 face_text.find_first_not_of("0123456789") == std::string_view::npos)
            face = static_cast<std::size_t>(std::stoul(std::string(face_text)));

        std::lock_guard lock(mutex_);
        const Clock::time_point now = Clock::now();
        const auto source = documents_.find(source_id);
        if (source == documents_.end()) return error_code(404, "not_found", "documentid", "no such document");
        if (!faces_visible(source->second, now))
            return error_code(409, "faces_not_detected", "documentid",
                              "faces are not detected yet: poll the document until data.faces is present");
        if (!face || *face >= source->second.faces.size())
            return error_code(404, "face_not_found", "faceid", "faceid must be `default` or an index into data.faces");

        char param_text[40];
        std::snprintf(param_text, sizeof param_text, "%.17g", param);
        const std::string key = source_id + "|" + std::to_string(*face) + "|" +
                                std::string(move_value->as_string()) + "|" + param_text;
        if (const auto existing = variant_by_key_.find(key); existing != variant_by_key_.end())
            return json_response(200, item_json(documents_.at(existing->second), request.provider_base_url, now));

        SeededRandom random = SeededRandom::for_record(options_.seed, "generative.variant|" + key, 0);
        std::string id;
        do id = make_token(random, 20);
        while (documents_.count(id));
        Document variant = make_document(id);
        variant.faces = source->second.faces;
        variant.is_variant = true;
        variant.created_at = now;
        if (*face == kFailingFaceIndex) variant.failure_code = "face_unprocessable";
        else if (std::fabs(param) >= kFailingParamMagnitude) variant.failure_code = "param_out_of_range";
        variant_by_key_.emplace(key, id);
        const auto& stored = documents_.emplace(id, std::move(variant)).first->second;
        return json_response(200, item_json(stored, request.provider_base_url, now));
    }

    std::optional<MockResponse> download(const std::string& id) {
        std::lock_guard lock(mutex_);
        const auto it = documents_.find(id);
        if (it == documents_.end()) return error_code(404, "not_found", "documentid", "no such document");
        const std::string_view status = task_status(it->second, Clock::now());
        if (status == "failed")
            return error_code(409, "task_failed", "documentid", "variant generation failed: there are no pixels");
        if (status != "complete")
            return error_code(409, "task_not_complete", "documentid", "poll the document until data.task.status is complete");
        return bytes_response(portrait_png(id), "image/png");
    }

    // ---- pieces --------------------------------------------------------------------

    // The document's task status as a request at `now` sees it.
    std::string_view task_status(const Document& document, Clock::time_point now) const {
        if (!document.is_variant) return "complete";
        if (options_.generation_time) {
            const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - document.created_at);
            if (elapsed * 3 < *options_.generation_time) return "waiting";
            if (elapsed < *options_.generation_time) return "inprogress";
        } else {
            if (document.polls < kPollsUntilReady - 1) return "waiting";
            if (document.polls < kPollsUntilReady) return "inprogress";
        }
        return document.failure_code ? "failed" : "complete";
    }

    // Whether data.faces is shown to a request at `now`.
    bool faces_visible(const Document& document, Clock::time_point now) const {
        if (document.is_variant) return task_status(document, now) == "complete";
        if (document.faces_known_at_start) return true;
        if (options_.face_detection_time)
            return std::chrono::duration_cast<std::chrono::milliseconds>(now - document.created_at) >=
                   *options_.face_detection_time;
        return document.polls >= kPollsUntilReady;
    }

    boost::json::value item_json(const Document& document, const std::string& base_url, Clock::time_point now) const {
        const std::string_view status = task_status(document, now);
        boost::json::object task{{"status", status}};
        if (status == "failed") task["error"] = {{"code", *document.failure_code}};
        boost::json::object data{
            {"pixels", base_url + "/teams/me/gallery/" + document.id + "/pixels/original/bytes"},
            {"task", std::move(task)}};
        if (faces_visible(document, now)) {
            boost::json::array faces;
            for (const Face& face : document.faces)
                faces.push_back({{"x", face.x}, {"y", face.y}, {"width", face.width}, {"height", face.height}});
            data["faces"] = std::move(faces);
        }
        return {{"id", document.id}, {"data", std::move(data)}};
    }

    const DatasetOptions options_;
    std::mutex mutex_;
    std::unordered_map<std::string, Document> documents_;
    std::unordered_map<std::string, std::string> variant_by_key_;  // "source|face|move|param" -> variant id
    std::uint64_t uploads_ = 0;
};

}  // namespace

std::unique_ptr<DatasetBackend> make_generative_photos_backend(const DatasetOptions& options) {
    return std::make_unique<GenerativePhotosBackend>(options);
}

}  // namespace photobridge::mock::dataset
