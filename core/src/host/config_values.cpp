#include "host/config_values.hpp"

#include <charconv>
#include <stdexcept>
#include <string>

namespace photobridge::host {

boost::json::value typed_config_value(const sdk::Manifest& manifest, std::string_view key, std::string_view text) {
    std::string type;
    if (const auto* config = manifest.section("config"))
        if (const auto* entry = config->if_contains(key))
            if (const auto* o = entry->if_object())
                if (const auto* t = o->if_contains("type"); t && t->is_string()) type = t->get_string();

    const auto fail = [&](const char* expected) {
        throw std::invalid_argument("config key '" + std::string(key) + "' expects " + expected + ", got '" +
                                    std::string(text) + "'");
    };
    if (type == "integer") {
        std::int64_t n = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (ec != std::errc() || p != text.data() + text.size()) fail("an integer");
        return n;
    }
    if (type == "number") {
        boost::system::error_code ec;
        auto v = boost::json::parse(text, ec);
        if (ec || !v.is_number()) fail("a number");
        return v;
    }
    if (type == "boolean") {
        if (text == "true") return true;
        if (text == "false") return false;
        fail("true or false");
    }
    return boost::json::string(text);
}

}  // namespace photobridge::host
