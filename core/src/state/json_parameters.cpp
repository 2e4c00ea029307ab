#include "state/json_parameters.hpp"

#include <boost/json.hpp>

namespace photobridge::state {

std::string json_text_array(const std::vector<std::string>& values) {
    boost::json::array out;
    out.reserve(values.size());
    for (const auto& v : values) out.emplace_back(v);
    return boost::json::serialize(out);
}

}  // namespace photobridge::state
