// The parts of a plugin manifest the SDK and the host both read: the config
// schema, each operation's input schema and each stream's params schema.
// Format: sdk-docs/abi.md, "Manifest".
#pragma once

#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/paging.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace photobridge::sdk {

class Manifest {
public:
    // Parses manifest text; throws Error(PB_ERR_INTERNAL) naming the problem
    // when it is not a JSON object with the expected sections.
    explicit Manifest(std::string_view text) {
        boost::system::error_code ec;
        boost::json::value v = boost::json::parse(text, ec);
        if (ec) throw Error(PB_ERR_INTERNAL, "manifest is not valid JSON: " + ec.message());
        if (!v.is_object()) throw Error(PB_ERR_INTERNAL, "manifest is not a JSON object");
        doc_ = std::move(v.get_object());
        for (const char* section : {"config", "streams", "operations"}) {
            const auto* s = doc_.if_contains(section);
            if (s != nullptr && !s->is_object())
                throw Error(PB_ERR_INTERNAL, std::string("manifest section '") + section + "' is not an object");
        }
        config_schema_ = build_config_schema();
    }

    const boost::json::object& document() const noexcept { return doc_; }

    // An object schema built from the "config" section: each key a property,
    // keys with "required": true required, unknown keys refused.
    const boost::json::value& config_schema() const noexcept { return config_schema_; }

    // The names of config keys marked "secret": true.
    std::vector<std::string> secret_config_keys() const {
        std::vector<std::string> keys;
        if (const auto* c = section("config"))
            for (const auto& [k, v] : *c)
                if (const auto* o = v.if_object())
                    if (const auto* s = o->if_contains("secret"); s && s->is_bool() && s->get_bool())
                        keys.emplace_back(k);
        return keys;
    }

    const boost::json::object* operation(std::string_view name) const { return entry("operations", name); }
    const boost::json::object* stream(std::string_view name) const { return entry("streams", name); }

    // The page sizes of `stream` ("page_size": {"default", "maximum"});
    // nullopt when the stream is unknown or declares none. Throws
    // Error(PB_ERR_INTERNAL) naming the stream when the entry is malformed
    // (not integers, or not 1 <= default <= maximum).
    std::optional<PageSize> page_size(std::string_view stream_name) const {
        const auto* s = stream(stream_name);
        const auto* entry = s != nullptr ? s->if_contains("page_size") : nullptr;
        if (entry == nullptr || entry->is_null()) return std::nullopt;
        const auto* o = entry->if_object();
        const auto* d = o != nullptr ? o->if_contains("default") : nullptr;
        const auto* m = o != nullptr ? o->if_contains("maximum") : nullptr;
        if (d == nullptr || m == nullptr || !d->is_int64() || !m->is_int64() || d->get_int64() < 1 ||
            d->get_int64() > m->get_int64()) {
            std::string message("manifest: streams.");
            message += stream_name;
            message += ".page_size needs integers \"default\" and \"maximum\" with 1 <= default <= maximum";
            throw Error(PB_ERR_INTERNAL, message);
        }
        return PageSize{d->get_int64(), m->get_int64()};
    }

    // The schema of an operation's input or a stream's params; null when the
    // manifest gives none (anything accepted).
    static const boost::json::value& schema_of(const boost::json::object& entry, std::string_view key) {
        static const boost::json::value none;
        const auto* s = entry.if_contains(key);
        return s != nullptr ? *s : none;
    }

    const boost::json::object* section(std::string_view name) const {
        const auto* s = doc_.if_contains(name);
        return s != nullptr ? s->if_object() : nullptr;
    }

private:
    const boost::json::object* entry(std::string_view sec, std::string_view name) const {
        const auto* s = section(sec);
        if (s == nullptr) return nullptr;
        const auto* e = s->if_contains(name);
        return e != nullptr ? e->if_object() : nullptr;
    }

    boost::json::value build_config_schema() const {
        boost::json::object properties;
        boost::json::array required;
        if (const auto* c = section("config")) {
            for (const auto& [k, v] : *c) {
                properties[k] = v;
                if (const auto* o = v.if_object())
                    if (const auto* r = o->if_contains("required"); r && r->is_bool() && r->get_bool())
                        required.emplace_back(k);
            }
        }
        return boost::json::object{{"type", "object"},
                                   {"properties", std::move(properties)},
                                   {"required", std::move(required)},
                                   {"additionalProperties", false}};
    }

    boost::json::object doc_;
    boost::json::value config_schema_;
};

}  // namespace photobridge::sdk
