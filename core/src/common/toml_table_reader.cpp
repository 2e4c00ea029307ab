#include "common/toml_table_reader.hpp"

#include "common/did_you_mean.hpp"

namespace photobridge::common {

TomlTableReader::TomlTableReader(const TomlDocument& doc, const toml::table& table, std::string path,
                                 Diagnostics& out)
    : doc_(doc), table_(table), path_(std::move(path)), out_(out) {}

const toml::node* TomlTableReader::get(std::string_view key, bool required) {
    known_.insert(std::string(key));
    const toml::node* node = table_.get(key);
    if (node == nullptr && required)
        out_.add(doc_.value_at(path_), (path_.empty() ? std::string("the file") : path_) + ": missing required key '" +
                                           std::string(key) + "'");
    return node;
}

std::optional<std::string> TomlTableReader::string(std::string_view key, bool required) {
    const toml::node* node = get(key, required);
    if (node == nullptr) return std::nullopt;
    if (const auto* s = node->as_string()) return s->get();
    error_at_value(key, "expected a string, got " + toml_kind_name(*node));
    return std::nullopt;
}

std::optional<bool> TomlTableReader::boolean(std::string_view key, bool required) {
    const toml::node* node = get(key, required);
    if (node == nullptr) return std::nullopt;
    if (const auto* b = node->as_boolean()) return b->get();
    error_at_value(key, "expected true or false, got " + toml_kind_name(*node));
    return std::nullopt;
}

std::optional<std::int64_t> TomlTableReader::integer(std::string_view key, std::int64_t min, std::int64_t max,
                                                     bool required) {
    const toml::node* node = get(key, required);
    if (node == nullptr) return std::nullopt;
    const auto* i = node->as_integer();
    if (i == nullptr) {
        error_at_value(key, "expected an integer, got " + toml_kind_name(*node));
        return std::nullopt;
    }
    const std::int64_t v = i->get();
    if (v < min || v > max) {
        error_at_value(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                                std::to_string(v));
        return std::nullopt;
    }
    return v;
}

const toml::table* TomlTableReader::table(std::string_view key, bool required) {
    const toml::node* node = get(key, required);
    if (node == nullptr) return nullptr;
    if (const auto* t = node->as_table()) return t;
    error_at_value(key, "expected a table, got " + toml_kind_name(*node));
    return nullptr;
}

const toml::array* TomlTableReader::array(std::string_view key, bool required) {
    const toml::node* node = get(key, required);
    if (node == nullptr) return nullptr;
    if (const auto* a = node->as_array()) return a;
    error_at_value(key, "expected an array, got " + toml_kind_name(*node));
    return nullptr;
}

void TomlTableReader::report_unknown(const std::vector<std::string>& expected,
                                     const std::function<std::optional<std::string>(std::string_view)>& extra_hint) {
    for (auto&& [k, _] : table_) {
        if (known_.count(k.str()) != 0) continue;
        const std::string key(k.str());
        if (extra_hint) {
            if (auto hint = extra_hint(key)) {
                if (!hint->empty()) error_at_key(key, *hint);
                continue;
            }
        }
        error_at_key(key, "unknown key" + suggestion_suffix(key, expected));
    }
}

void TomlTableReader::error_at_value(std::string_view key, std::string message) const {
    const std::string p = child(key);
    out_.add(doc_.value_at(p), p + ": " + message);
}

void TomlTableReader::error_at_key(std::string_view key, std::string message) const {
    const std::string p = child(key);
    out_.add(doc_.key_at(p), p + ": " + message);
}

}  // namespace photobridge::common
