#include "timestamps.hpp"

#include <chrono>
#include <cstdio>

namespace photobridge::mock::dataset {
namespace {

using namespace std::chrono;

struct CivilTime {
    int year, month, day, hour, minute, second, millis;
};

CivilTime to_civil(UnixMillis time) {
    const sys_time<milliseconds> point{milliseconds{time}};
    const auto day_start = floor<days>(point);
    const year_month_day date{day_start};
    const hh_mm_ss<milliseconds> clock{point - day_start};
    return {static_cast<int>(date.year()), static_cast<int>(static_cast<unsigned>(date.month())),
            static_cast<int>(static_cast<unsigned>(date.day())), static_cast<int>(clock.hours().count()),
            static_cast<int>(clock.minutes().count()), static_cast<int>(clock.seconds().count()),
            static_cast<int>(clock.subseconds().count())};
}

// Reads exactly `width` digits at `pos`; advances pos.
std::optional<int> read_digits(std::string_view text, std::size_t& pos, std::size_t width) {
    if (pos + width > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    pos += width;
    return value;
}

bool expect(std::string_view text, std::size_t& pos, char wanted) {
    if (pos >= text.size() || text[pos] != wanted) return false;
    ++pos;
    return true;
}

}  // namespace

std::string format_iso_millis(UnixMillis time) {
    const CivilTime t = to_civil(time);
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", t.year, t.month, t.day, t.hour,
                  t.minute, t.second, t.millis);
    return buffer;
}

std::string format_iso_micros(UnixMillis time) {
    const CivilTime t = to_civil(time);
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03d000Z", t.year, t.month, t.day, t.hour,
                  t.minute, t.second, t.millis);
    return buffer;
}

std::string format_iso_seconds(UnixMillis time) {
    const CivilTime t = to_civil(time);
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", t.year, t.month, t.day, t.hour, t.minute,
                  t.second);
    return buffer;
}

std::optional<UnixMillis> parse_iso8601(std::string_view text) {
    std::size_t pos = 0;
    const auto y = read_digits(text, pos, 4);
    if (!y || !expect(text, pos, '-')) return std::nullopt;
    const auto mo = read_digits(text, pos, 2);
    if (!mo || !expect(text, pos, '-')) return std::nullopt;
    const auto d = read_digits(text, pos, 2);
    if (!d) return std::nullopt;
    const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
    if (!date.ok()) return std::nullopt;
    UnixMillis result = duration_cast<milliseconds>(sys_days{date}.time_since_epoch()).count();
    if (pos == text.size()) return result;

    if (!expect(text, pos, 'T') && !expect(text, pos, ' ')) return std::nullopt;
    const auto h = read_digits(text, pos, 2);
    if (!h || *h > 23 || !expect(text, pos, ':')) return std::nullopt;
    const auto mi = read_digits(text, pos, 2);
    if (!mi || *mi > 59) return std::nullopt;
    int s = 0;
    if (pos < text.size() && text[pos] == ':') {
        ++pos;
        const auto sec = read_digits(text, pos, 2);
        if (!sec || *sec > 60) return std::nullopt;
        s = *sec;
    }
    int millis = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int scale = 100;
        std::size_t digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            millis += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
            ++digits;
        }
        if (digits == 0) return std::nullopt;
    }
    result += ((*h * 60 + *mi) * 60 + s) * 1000LL + millis;
    if (pos == text.size()) return std::nullopt;  // a time needs a zone: Z or an offset
    if (text[pos] == 'Z' && pos + 1 == text.size()) return result;
    if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
    const int sign = text[pos] == '+' ? 1 : -1;
    ++pos;
    const auto oh = read_digits(text, pos, 2);
    if (!oh) return std::nullopt;
    expect(text, pos, ':');
    const auto om = read_digits(text, pos, 2);
    if (!om || pos != text.size()) return std::nullopt;
    return result - sign * ((*oh * 60 + *om) * 60000LL);
}

}  // namespace photobridge::mock::dataset
