// Condition::matches: every listed path must hold one of its accepted values.
#include "model/record_path.hpp"
#include "model/workflow.hpp"

namespace photobridge::model {
namespace {

// JSON equality where numbers compare by value (1 == 1.0, int64 == uint64).
bool same_value(const boost::json::value& a, const boost::json::value& b) {
    if (a.is_number() && b.is_number()) {
        if (a.is_double() || b.is_double()) {
            const auto as_double = [](const boost::json::value& v) {
                return v.is_double() ? v.get_double()
                       : v.is_int64() ? static_cast<double>(v.get_int64())
                                      : static_cast<double>(v.get_uint64());
            };
            return as_double(a) == as_double(b);
        }
        if (a.is_int64() && b.is_int64()) return a.get_int64() == b.get_int64();
        if (a.is_uint64() && b.is_uint64()) return a.get_uint64() == b.get_uint64();
        const auto& i = a.is_int64() ? a : b;
        const auto& u = a.is_int64() ? b : a;
        return i.get_int64() >= 0 && static_cast<std::uint64_t>(i.get_int64()) == u.get_uint64();
    }
    return a == b;
}

}  // namespace

bool Condition::matches(const boost::json::value& record) const {
    for (const auto& [path, accepted] : any_of) {
        const boost::json::value* actual = find_path(record, path);
        static const boost::json::value null_value;
        const boost::json::value& v = actual != nullptr ? *actual : null_value;
        bool ok = false;
        for (const auto& candidate : accepted) {
            if (same_value(v, candidate)) {
                ok = true;
                break;
            }
        }
        if (!ok) return false;
    }
    return true;
}

}  // namespace photobridge::model
