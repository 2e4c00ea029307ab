#include "workflow/record_shapes.hpp"

#include "workflow/toml_reading.hpp"
#include "model/record_path.hpp"

#include <map>
#include <memory>
#include <vector>

namespace photobridge::workflow_file {
using namespace photobridge::model;
namespace {

// A node of a record's shape.
struct Shape {
    enum class Kind { scalar, object, list, any } kind = Kind::scalar;
    std::vector<std::pair<std::string, std::shared_ptr<const Shape>>> fields;  // object, in documented order
    std::shared_ptr<const Shape> element;                                        // list
};
using ShapePtr = std::shared_ptr<const Shape>;

ShapePtr scalar() { return std::make_shared<Shape>(); }
ShapePtr any() {
    auto s = std::make_shared<Shape>();
    s->kind = Shape::Kind::any;
    return s;
}
ShapePtr object(std::vector<std::pair<std::string, ShapePtr>> fields) {
    auto s = std::make_shared<Shape>();
    s->kind = Shape::Kind::object;
    s->fields = std::move(fields);
    return s;
}
ShapePtr list(ShapePtr element) {
    auto s = std::make_shared<Shape>();
    s->kind = Shape::Kind::list;
    s->element = std::move(element);
    return s;
}

std::vector<std::pair<std::string, ShapePtr>> photo_fields() {
    ShapePtr person = object({{"id", scalar()}, {"email", scalar()}, {"name", scalar()}, {"external_id", scalar()}});
    ShapePtr media = list(object({{"variant", scalar()},
                                  {"url", scalar()},
                                  {"width", scalar()},
                                  {"height", scalar()},
                                  {"expires_at", scalar()}}));
    return {{"kind", scalar()},   {"id", scalar()},       {"provider", scalar()},   {"person", person},
            {"status", scalar()}, {"approved", scalar()}, {"created_at", scalar()}, {"media", media},
            {"raw", any()}};
}

const std::map<std::string, ShapePtr, std::less<>>& shapes() {
    static const std::map<std::string, ShapePtr, std::less<>> all = [] {
        std::map<std::string, ShapePtr, std::less<>> m;
        m["photo"] = object(photo_fields());
        auto submission = photo_fields();
        submission.emplace_back("submitted_at", scalar());
        submission.emplace_back("updated_at", scalar());
        submission.emplace_back("studio_id", scalar());
        m["submission"] = object(std::move(submission));
        m["contact"] = object({{"kind", scalar()},
                               {"id", scalar()},
                               {"provider", scalar()},
                               {"email", scalar()},
                               {"name", scalar()},
                               {"first_name", scalar()},
                               {"last_name", scalar()},
                               {"phone", scalar()},
                               {"external_id", scalar()},
                               {"custom_attributes", any()},
                               {"created_at", scalar()},
                               {"updated_at", scalar()},
                               {"raw", any()}});
        return m;
    }();
    return all;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

bool is_canonical_kind(std::string_view kind) { return shapes().count(kind) != 0; }

std::optional<std::string> canonical_path_problem(std::string_view kind, std::string_view path) {
    auto it = shapes().find(kind);
    if (it == shapes().end()) return std::nullopt;
    const Shape* at = it->second.get();
    std::string walked;  // the path so far, for messages
    for (std::string_view segment : path_segments(path)) {
        const std::string where = walked.empty() ? "a " + std::string(kind) + " record" : walked;
        switch (at->kind) {
        case Shape::Kind::any: return std::nullopt;
        case Shape::Kind::scalar:
            return walked + " is a single value; it has no field '" + std::string(segment) + "'";
        case Shape::Kind::list:
            if (!all_digits(segment))
                return walked + " is a list: pick an element by index, e.g. " + walked + ".0";
            at = at->element.get();
            break;
        case Shape::Kind::object: {
            const Shape* next = nullptr;
            std::vector<std::string> names;
            for (const auto& [name, shape] : at->fields) {
                names.push_back(name);
                if (name == segment) next = shape.get();
            }
            if (next == nullptr)
                return where + " has no field '" + std::string(segment) + "'" + suggestion_suffix(segment, names, 20);
            at = next;
            break;
        }
        }
        walked += (walked.empty() ? "" : ".") + std::string(segment);
    }
    return std::nullopt;
}

}  // namespace photobridge::workflow_file
