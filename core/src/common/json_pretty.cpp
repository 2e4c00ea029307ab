#include "common/json_pretty.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace photobridge::common {
namespace {

void print(std::string& out, const boost::json::value& v, int depth) {
    const auto indent = [&](int d) { out.append(static_cast<std::size_t>(d) * 2, ' '); };
    if (const auto* obj = v.if_object()) {
        if (obj->empty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        bool first = true;
        for (const auto& [key, child] : *obj) {
            if (!first) out += ",\n";
            first = false;
            indent(depth + 1);
            out += boost::json::serialize(boost::json::string(key));
            out += ": ";
            print(out, child, depth + 1);
        }
        out += "\n";
        indent(depth);
        out += "}";
    } else if (const auto* arr = v.if_array()) {
        if (arr->empty()) {
            out += "[]";
            return;
        }
        out += "[\n";
        for (std::size_t i = 0; i < arr->size(); ++i) {
            if (i != 0) out += ",\n";
            indent(depth + 1);
            print(out, (*arr)[i], depth + 1);
        }
        out += "\n";
        indent(depth);
        out += "]";
    } else {
        out += boost::json::serialize(v);
    }
}

}  // namespace

std::string pretty_json(const boost::json::value& value) {
    std::string out;
    print(out, value, 0);
    out += "\n";
    return out;
}

}  // namespace photobridge::common
