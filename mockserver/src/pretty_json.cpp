#include "pretty_json.hpp"

#include <boost/json.hpp>

namespace photobridge::mock {

namespace {
void write(const boost::json::value& v, std::string& out, int depth) {
    const auto indent = [&](int d) { out.append(static_cast<std::size_t>(d) * 2, ' '); };
    if (v.is_object()) {
        const auto& o = v.get_object();
        if (o.empty()) return void(out += "{}");
        out += "{\n";
        bool first = true;
        for (const auto& kv : o) {
            if (!first) out += ",\n";
            first = false;
            indent(depth + 1);
            out += boost::json::serialize(boost::json::string(kv.key()));
            out += ": ";
            write(kv.value(), out, depth + 1);
        }
        out += "\n";
        indent(depth);
        out += "}";
    } else if (v.is_array()) {
        const auto& a = v.get_array();
        if (a.empty()) return void(out += "[]");
        out += "[\n";
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (i) out += ",\n";
            indent(depth + 1);
            write(a[i], out, depth + 1);
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
    write(value, out, 0);
    out += "\n";
    return out;
}

}  // namespace photobridge::mock
