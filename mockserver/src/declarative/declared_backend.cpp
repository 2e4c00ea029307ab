// make_declared_backend (declared_backend.hpp): the list route in the four
// paging styles, the optional by-id route and the image routes.
#include "declarative/declared_backend.hpp"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "dataset/image_synth.hpp"
#include "dataset/rendered_records.hpp"
#include "dataset/request_helpers.hpp"
#include "declarative/record_synthesis.hpp"
#include "framework/base64.hpp"
#include "framework/placeholders.hpp"

namespace photobridge::mock::declarative {
namespace {

using Style = PagingSpec::Style;

constexpr std::string_view kRecordsMarker = "\"@@photobridge-records@@\"";

// The mock's own "http://HOST:PORT" from "http://HOST:PORT/<provider>".
std::string mock_base(const MockRequest& request, std::string_view provider) {
    std::string base = request.provider_base_url;
    const std::string suffix = "/" + std::string(provider);
    if (base.size() >= suffix.size() && base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0)
        base.resize(base.size() - suffix.size());
    return base;
}

// The cursor a page hands out: the offset of the next record, opaque to clients.
std::string make_cursor(std::size_t offset) { return base64url_encode("offset:" + std::to_string(offset)); }

std::optional<std::size_t> read_cursor(std::string_view cursor) {
    const auto decoded = base64url_decode(cursor);
    if (!decoded || decoded->rfind("offset:", 0) != 0 || decoded->size() == 7 || decoded->size() > 27) return std::nullopt;
    std::size_t offset = 0;
    for (char c : decoded->substr(7)) {
        if (c < '0' || c > '9') return std::nullopt;
        offset = offset * 10 + static_cast<std::size_t>(c - '0');
    }
    return offset;
}

class DeclaredBackend final : public DatasetBackend {
public:
    DeclaredBackend(DatasetSpec spec, const DatasetOptions& options)
        : DatasetBackend(spec.provider), spec_(std::move(spec)), image_bytes_(options.image_bytes) {
        const auto records = synthesize_records(spec_, spec_.count.value_or(options.records), options.seed);
        serialized_.reserve(records.size());
        for (const auto& record : records) serialized_.push_back(boost::json::serialize(record));
        for (const auto& filter : spec_.filters) {
            auto& index = by_filter_[filter.parameter];
            for (std::size_t i = 0; i < records.size(); ++i) index[text_at(records[i], filter.field)].push_back(i);
        }
        if (!spec_.id_field.empty())
            for (std::size_t i = 0; i < records.size(); ++i) by_id_.emplace(text_at(records[i], spec_.id_field), i);
        for (std::size_t r = 0; r < spec_.images.size(); ++r) {
            auto& keys = image_keys_.emplace_back();
            for (const auto& record : records)
                for (const auto& pointer : spec_.images[r].keys) {
                    std::string key = text_at(record, pointer);
                    if (!key.empty()) keys.insert(std::move(key));
                }
        }
        page_shell_ = page_shell();

        route(spec_.method, spec_.path, spec_.provider + "." + spec_.endpoint,
              [this](const MockRequest& r, const RouteParams&) { return list(r); });
        if (!spec_.by_id_path.empty())
            route("GET", spec_.by_id_path, spec_.provider + ".get",
                  [this](const MockRequest& r, const RouteParams& p) { return one(r, p["id"]); });
        std::set<std::string> prefixes;
        for (const auto& image : spec_.images)
            if (prefixes.insert(image.prefix).second)
                route("GET", image.prefix + "{file}", spec_.provider + ".image",
                      [this, prefix = image.prefix](const MockRequest&, const RouteParams& p) {
                          return serve_image(prefix, p["file"]);
                      });
    }

    void reset() override { rendered_.clear(); }

    bool is_public_route(std::string_view path) const override {
        for (const auto& image : spec_.images)
            if (!image.needs_credential && path.substr(0, image.prefix.size()) == image.prefix) return true;
        return false;
    }

private:
    // The documented page body, serialized, with kRecordsMarker where the
    // records go; empty when the records are the whole body.
    std::string page_shell() const {
        if (spec_.records_at.empty()) return {};
        boost::json::value shell = spec_.page_template;
        boost::system::error_code ec;
        if (boost::json::value* records = shell.find_pointer(spec_.records_at, ec))
            *records = boost::json::string(kRecordsMarker.substr(1, kRecordsMarker.size() - 2));
        return boost::json::serialize(shell);
    }

    std::shared_ptr<const dataset::RenderedRecords::Fragments> fragments(const MockRequest& request) {
        const std::string base = mock_base(request, spec_.provider);
        return rendered_.get(base, serialized_.size(), [this](std::size_t i, const std::string& b) {
            return fill_json(serialized_[i], {{kBaseUrlPlaceholder, b}});
        });
    }

    // The documented parameter's rules, when the fixtures give one.
    const QueryParamSpec* documented(std::string_view name) const {
        for (const auto& q : spec_.query)
            if (q.name == name) return &q;
        return nullptr;
    }

    std::optional<MockResponse> list(const MockRequest& request) {
        // Filters: documented enums are checked, every value narrows.
        const std::vector<std::size_t>* matching = nullptr;
        std::vector<std::size_t> narrowed, all;
        bool filtered = false;
        for (const auto& filter : spec_.filters) {
            const std::string* value = dataset::query_value(request, filter.parameter);
            if (!value) continue;
            if (const QueryParamSpec* q = documented(filter.parameter); q && !q->allowed.empty() &&
                std::find(q->allowed.begin(), q->allowed.end(), *value) == q->allowed.end())
                return dataset::invalid_parameter(filter.parameter, *value, "not one of the documented values");
            const auto& index = by_filter_.at(filter.parameter);
            const auto it = index.find(*value);
            static const std::vector<std::size_t> none;
            const std::vector<std::size_t>& hits = it == index.end() ? none : it->second;
            if (!filtered) {
                narrowed = hits;
            } else {
                std::vector<std::size_t> both;
                std::set_intersection(narrowed.begin(), narrowed.end(), hits.begin(), hits.end(), std::back_inserter(both));
                narrowed = std::move(both);
            }
            filtered = true;
        }
        if (filtered) {
            matching = &narrowed;
        } else {
            all.resize(serialized_.size());
            for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
            matching = &all;
        }

        const PagingSpec& p = spec_.paging;
        std::int64_t limit = 0;
        if (auto error = dataset::read_integer_param(request, p.limit_param, p.default_limit,
                                                     p.style == Style::offset ? 0 : 1, p.max_limit, limit))
            return error;
        std::size_t begin = 0;
        std::int64_t page = p.first_page;
        if (p.style == Style::offset) {
            std::int64_t offset = 0;
            if (auto error = dataset::read_integer_param(request, p.offset_param, 0, 0, INT64_MAX, offset)) return error;
            begin = static_cast<std::size_t>(std::min<std::int64_t>(offset, static_cast<std::int64_t>(matching->size())));
        } else if (p.style == Style::page || p.style == Style::link) {
            if (auto error = dataset::read_integer_param(request, p.page_param, p.first_page, p.first_page, 1'000'000'000, page))
                return error;
            const auto skip = static_cast<unsigned long long>(page - p.first_page) * static_cast<unsigned long long>(limit);
            begin = static_cast<std::size_t>(std::min<unsigned long long>(skip, matching->size()));
        } else if (const std::string* cursor = dataset::query_value(request, p.cursor_param); cursor && !cursor->empty()) {
            const auto offset = read_cursor(*cursor);
            if (!offset) return dataset::invalid_parameter(p.cursor_param, *cursor, "not a cursor this API handed out");
            begin = std::min(*offset, matching->size());
        }
        const std::size_t end = std::min(begin + static_cast<std::size_t>(limit), matching->size());
        const bool more = end < matching->size();

        const auto rendered = fragments(request);
        std::string records = dataset::join_json_array(
            *rendered, std::vector<std::size_t>(matching->begin() + static_cast<std::ptrdiff_t>(begin),
                                                matching->begin() + static_cast<std::ptrdiff_t>(end)));
        MockResponse response = dataset::json_response(200, std::string());
        if (page_shell_.empty()) {
            response.body = std::move(records);
        } else {
            boost::json::value shell = boost::json::parse(page_shell_);
            boost::system::error_code ec;
            auto set = [&](const std::string& pointer, boost::json::value v) {
                if (pointer.empty()) return;
                const auto slash = pointer.rfind('/');
                if (boost::json::value* parent = shell.find_pointer(pointer.substr(0, slash), ec); parent && parent->is_object())
                    parent->as_object()[pointer.substr(slash + 1)] = std::move(v);
            };
            set(p.next_cursor_at, more ? boost::json::value(make_cursor(end)) : boost::json::value(nullptr));
            set(p.total_at, boost::json::value(matching->size()));
            std::string body = fill_json(boost::json::serialize(shell), {{kBaseUrlPlaceholder, mock_base(request, spec_.provider)}});
            const auto at = body.find(kRecordsMarker);
            if (at != std::string::npos) body.replace(at, kRecordsMarker.size(), records);
            response.body = std::move(body);
        }
        if (p.style == Style::link) {
            const std::int64_t last = p.first_page +
                (matching->empty() ? 0 : static_cast<std::int64_t>((matching->size() - 1) / static_cast<std::size_t>(limit)));
            std::string links;
            auto add = [&](std::int64_t target, std::string_view rel) {
                links.append(links.empty() ? "" : ", ").append("<").append(page_url(request, target, limit)).append(">; rel=\"");
                links.append(rel).append("\"");
            };
            add(p.first_page, "first");
            if (page > p.first_page) add(std::min(page - 1, last), "prev");
            if (more) add(page + 1, "next");
            add(last, "last");
            response.headers.emplace_back("Link", std::move(links));
        }
        return response;
    }

    // This request's URL with page (and the page size) set to `target`.
    std::string page_url(const MockRequest& request, std::int64_t target, std::int64_t limit) const {
        boost::urls::url url(request.provider_base_url);
        url.set_path(url.path() + request.path);
        auto params = url.params();
        for (const auto& [name, value] : request.query)
            if (name != spec_.paging.page_param && name != spec_.paging.limit_param) params.append({name, value});
        params.append({spec_.paging.page_param, std::to_string(target)});
        params.append({spec_.paging.limit_param, std::to_string(limit)});
        return std::string(url.buffer());
    }

    std::optional<MockResponse> one(const MockRequest& request, const std::string& id) {
        const auto it = by_id_.find(id);
        if (it == by_id_.end()) return dataset::json_response(404, boost::json::value{{"error", "not found"}, {"id", id}});
        return dataset::json_response(200, std::string((*fragments(request))[it->second]));
    }

    std::optional<MockResponse> serve_image(const std::string& prefix, std::string_view file) const {
        for (std::size_t r = 0; r < spec_.images.size(); ++r) {
            const ImageRoute& image = spec_.images[r];
            if (image.prefix != prefix || file.size() < image.file_prefix.size() + image.file_suffix.size() ||
                !file.starts_with(image.file_prefix) || !file.ends_with(image.file_suffix))
                continue;
            const std::string key(file.substr(image.file_prefix.size(),
                                              file.size() - image.file_prefix.size() - image.file_suffix.size()));
            if (!image_keys_[r].count(key)) continue;
            return image.png ? dataset::bytes_response(dataset::portrait_png(key), "image/png")
                             : dataset::bytes_response(dataset::dataset_photo_jpeg(key, image_bytes_), "image/jpeg");
        }
        return dataset::json_response(404, boost::json::value{{"error", "not found"}});
    }

    DatasetSpec spec_;
    const std::size_t image_bytes_;  // DatasetOptions::image_bytes: JPEG photos of this size (0: small)
    std::vector<std::string> serialized_;  // each record's JSON, {{base_url}} unfilled
    std::map<std::string, std::map<std::string, std::vector<std::size_t>>> by_filter_;  // parameter -> value -> records (ascending)
    std::unordered_map<std::string, std::size_t> by_id_;
    std::vector<std::unordered_set<std::string>> image_keys_;  // per image route
    std::string page_shell_;
    dataset::RenderedRecords rendered_;
};

}  // namespace

std::unique_ptr<DatasetBackend> make_declared_backend(DatasetSpec spec, const DatasetOptions& options) {
    return std::make_unique<DeclaredBackend>(std::move(spec), options);
}

}  // namespace photobridge::mock::declarative
