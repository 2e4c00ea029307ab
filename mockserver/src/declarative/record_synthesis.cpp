#include "declarative/record_synthesis.hpp"

#include <boost/json.hpp>

#include <cmath>
#include <map>
#include <optional>
#include <string>

#include "dataset/seeded_random.hpp"
#include "dataset/synthetic_identity.hpp"
#include "dataset/timestamps.hpp"

namespace photobridge::mock::declarative {
namespace {

using Kind = FieldGenerator::Kind;

// RFC 6901 token unescaping: "~1" is "/", "~0" is "~".
std::string unescape_token(std::string_view token) {
    std::string out;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
            out.push_back(token[i + 1] == '0' ? '~' : '/');
            ++i;
        } else {
            out.push_back(token[i]);
        }
    }
    return out;
}

// Writes `value` at `pointer`; the reader checked that its parent exists.
void write_at(boost::json::value& record, std::string_view pointer, boost::json::value value) {
    const auto slash = pointer.rfind('/');
    boost::system::error_code ec;
    boost::json::value* parent = record.find_pointer(pointer.substr(0, slash), ec);
    if (!parent) return;
    const std::string key = unescape_token(pointer.substr(slash + 1));
    if (parent->is_object()) {
        parent->as_object()[key] = std::move(value);
    } else if (boost::json::value* slot = record.find_pointer(pointer, ec)) {
        *slot = std::move(value);
    }
}

boost::json::value format_time(dataset::UnixMillis ms, FieldGenerator::TimeFormat format) {
    using F = FieldGenerator::TimeFormat;
    switch (format) {
        case F::iso_millis: return boost::json::value(dataset::format_iso_millis(ms));
        case F::epoch_seconds: return boost::json::value(ms / 1000);
        case F::epoch_millis: return boost::json::value(ms);
        case F::iso_seconds: break;
    }
    return boost::json::value(dataset::format_iso_seconds(ms));
}

std::string fill_text(const std::string& text, const boost::json::value& record, std::size_t index) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 7, "{index}") == 0) {
            out += std::to_string(index), i += 7;
        } else if (text.compare(i, 8, "{number}") == 0) {
            out += std::to_string(index + 1), i += 8;
        } else if (text.compare(i, 2, "{/") == 0 && text.find('}', i) != std::string::npos) {
            const auto close = text.find('}', i);
            out += text_at(record, std::string_view(text).substr(i + 1, close - i - 1));
            i = close + 1;
        } else {
            out.push_back(text[i++]);
        }
    }
    return out;
}

bool holds(const FieldCondition& c, const boost::json::value& record) {
    const std::string value = text_at(record, c.field);
    bool in = false;
    for (const auto& v : c.values) in = in || v == value;
    return in != c.negate;
}

class Synthesizer {
public:
    Synthesizer(const DatasetSpec& spec, std::uint64_t seed) : spec_(spec), seed_(seed), label_(spec.provider + "." + spec.endpoint) {}

    boost::json::value record(std::size_t k) {
        dataset::SeededRandom random = dataset::SeededRandom::for_record(seed_, label_, k);
        boost::json::value record = spec_.record_template;
        std::optional<dataset::SyntheticPerson> person;
        std::map<std::string, std::int64_t> numbers;  // this record's sequence and time values
        for (const FieldGenerator& g : spec_.fields) {
            if (g.when && !holds(*g.when, record)) {
                write_at(record, g.at, g.otherwise);
                continue;
            }
            auto the_person = [&]() -> const dataset::SyntheticPerson& {
                if (!person) person = dataset::make_person(random, k);
                return *person;
            };
            boost::json::value value;
            if (k < g.first.size() && g.kind != Kind::time) {
                value = g.first[k];
                if (g.kind == Kind::sequence && value.is_int64()) numbers[g.at] = value.as_int64();
            } else {
                switch (g.kind) {
                    case Kind::sequence:
                    case Kind::time: {
                        std::int64_t n = 0;
                        if (g.kind == Kind::time && k < g.first.size()) {
                            n = *dataset::parse_iso8601(g.first[k].as_string());
                        } else {
                            const std::int64_t unit = g.kind == Kind::time ? 1000 : 1;
                            const std::int64_t step = random.between(g.step_min, g.step_max) * unit;
                            if (!g.from.empty()) n = numbers[g.from] + step;
                            else if (k == 0 || !previous_.count(g.at)) n = g.start;
                            else n = previous_[g.at] + step;
                        }
                        numbers[g.at] = n;
                        value = g.kind == Kind::time ? format_time(n, g.time_format) : boost::json::value(n);
                        break;
                    }
                    case Kind::integer: value = random.between(g.min, g.max); break;
                    case Kind::number: {
                        const double scale = std::pow(10.0, g.decimals);
                        const double x = g.number_min + random.unit() * (g.number_max - g.number_min);
                        value = std::round(x * scale) / scale;
                        break;
                    }
                    case Kind::pick: value = g.values[random.below(g.values.size())]; break;
                    case Kind::chance: value = random.chance(g.probability); break;
                    case Kind::token: value = boost::json::value(g.prefix + dataset::make_token(random, g.length)); break;
                    case Kind::hex: value = boost::json::value(g.prefix + dataset::make_hex_id(random, g.length)); break;
                    case Kind::digits: {
                        std::string digits = g.prefix;
                        for (std::size_t i = 0; i < g.length; ++i)
                            digits.push_back(static_cast<char>('0' + (i == 0 ? random.between(1, 9) : random.between(0, 9))));
                        value = boost::json::value(digits);
                        break;
                    }
                    case Kind::email: value = boost::json::value(the_person().email); break;
                    case Kind::first_name: value = boost::json::value(the_person().first_name); break;
                    case Kind::last_name: value = boost::json::value(the_person().last_name); break;
                    case Kind::full_name: value = boost::json::value(the_person().first_name + " " + the_person().last_name); break;
                    case Kind::text: value = boost::json::value(fill_text(g.text, record, k)); break;
                    case Kind::copy: {
                        boost::system::error_code ec;
                        const boost::json::value* from = record.find_pointer(g.from, ec);
                        value = from ? *from : boost::json::value(nullptr);
                        break;
                    }
                    case Kind::constant: value = g.value; break;
                }
            }
            write_at(record, g.at, std::move(value));
        }
        for (const auto& [at, n] : numbers) previous_[at] = n;
        return record;
    }

private:
    const DatasetSpec& spec_;
    std::uint64_t seed_;
    std::string label_;
    std::map<std::string, std::int64_t> previous_;  // the previous record's sequence and time values
};

}  // namespace

std::string text_at(const boost::json::value& record, std::string_view pointer) {
    boost::system::error_code ec;
    const boost::json::value* v = record.find_pointer(pointer, ec);
    if (!v || v->is_null()) return "";
    if (v->is_string()) return std::string(v->as_string());
    return boost::json::serialize(*v);
}

std::vector<boost::json::value> synthesize_records(const DatasetSpec& spec, std::size_t count, std::uint64_t seed) {
    Synthesizer synthesizer(spec, seed);
    std::vector<boost::json::value> records;
    records.reserve(count);
    for (std::size_t k = 0; k < count; ++k) records.push_back(synthesizer.record(k));
    return records;
}

}  // namespace photobridge::mock::declarative
