// RFC 8288 Web Linking: the `Link` response header
//   Link: <https://api.example.com/photos?page=3>; rel="next", </photos?page=1>; rel=first
// and paging by its rel="next" link. Parsed by hand (no <regex>): links are
// separated by commas outside <...> and quoted strings; a link's rel is a
// space-separated list of relation types, compared without case.
#pragma once

#include <photobridge/sdk/body_cursor.hpp>
#include <photobridge/sdk/host.hpp>

#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace photobridge::sdk {

struct Link {
    std::string target;              // the URI-Reference between < and >, as sent (may be relative)
    std::vector<std::string> rels;   // relation types, lower case; empty when the link has no rel
};

namespace detail {

inline void skip_blanks(std::string_view s, std::size_t& i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
}

inline std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// A quoted-string starting at s[i] == '"', unescaped; i ends after the closing quote.
inline std::string quoted_string(std::string_view s, std::size_t& i) {
    std::string out;
    for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        out += s[i];
    }
    if (i < s.size()) ++i;
    return out;
}

// Skips to just past the next ',' that is outside <...> and quotes.
inline void skip_link(std::string_view s, std::size_t& i) {
    while (i < s.size() && s[i] != ',') {
        if (s[i] == '"') {
            (void)quoted_string(s, i);
        } else if (s[i] == '<') {
            const auto close = s.find('>', i);
            i = close == std::string_view::npos ? s.size() : close + 1;
        } else {
            ++i;
        }
    }
    if (i < s.size()) ++i;
}

}  // namespace detail

// Every link in one Link header value, in order. Never throws on bad input:
// a link that does not start with '<...>' is skipped; a parameter without a
// value is ignored; of several rel parameters only the first counts (RFC 8288
// section 3.3).
inline std::vector<Link> parse_link_header(std::string_view value) {
    std::vector<Link> links;
    std::size_t i = 0;
    while (i < value.size()) {
        detail::skip_blanks(value, i);
        if (i < value.size() && value[i] == ',') {
            ++i;
            continue;
        }
        if (i >= value.size()) break;
        if (value[i] != '<') {
            detail::skip_link(value, i);
            continue;
        }
        const auto close = value.find('>', i);
        if (close == std::string_view::npos) break;
        Link link;
        link.target = std::string(value.substr(i + 1, close - i - 1));
        i = close + 1;
        bool rel_seen = false;
        for (;;) {
            detail::skip_blanks(value, i);
            if (i >= value.size() || value[i] != ';') break;
            ++i;
            detail::skip_blanks(value, i);
            const std::size_t name_start = i;
            while (i < value.size() && value[i] != '=' && value[i] != ';' && value[i] != ',' && value[i] != ' ' &&
                   value[i] != '\t')
                ++i;
            const std::string name = detail::lower_ascii(value.substr(name_start, i - name_start));
            detail::skip_blanks(value, i);
            if (i >= value.size() || value[i] != '=') continue;
            ++i;
            detail::skip_blanks(value, i);
            std::string param;
            if (i < value.size() && value[i] == '"') {
                param = detail::quoted_string(value, i);
            } else {
                const std::size_t start = i;
                while (i < value.size() && value[i] != ';' && value[i] != ',' && value[i] != ' ' && value[i] != '\t')
                    ++i;
                param = std::string(value.substr(start, i - start));
            }
            if (name != "rel" || rel_seen) continue;
            rel_seen = true;
            std::size_t j = 0;
            while (j < param.size()) {
                while (j < param.size() && (param[j] == ' ' || param[j] == '\t')) ++j;
                const std::size_t start = j;
                while (j < param.size() && param[j] != ' ' && param[j] != '\t') ++j;
                if (j > start) link.rels.push_back(detail::lower_ascii(std::string_view(param).substr(start, j - start)));
            }
        }
        links.push_back(std::move(link));
        detail::skip_link(value, i);
    }
    return links;
}

// The target of the first link with relation type `rel` over all Link
// headers of a response (a server may send several), as sent; nullopt when
// there is none.
inline std::optional<std::string> find_link(const Headers& headers, std::string_view rel) {
    const std::string wanted = detail::lower_ascii(rel);
    for (const auto& [name, value] : headers) {
        if (!iequals(name, "Link")) continue;
        for (const Link& link : parse_link_header(value))
            for (const std::string& r : link.rels)
                if (r == wanted) return link.target;
    }
    return std::nullopt;
}

// The stream cursor of the next page of a Link-paged API: the rel="next"
// target resolved against `request_url` (the URL this page was requested
// with) by next_url::resolve; nullopt on the last page (no next link).
// PB_ERR_PROTOCOL naming `where` when the link is not an http(s) URL or
// points at the current page. Read it back with next_url::read.
inline std::optional<std::string> next_link_cursor(const HttpResponse& response, std::string_view request_url,
                                                   std::string_view where) {
    return next_url::resolve(request_url, find_link(response.headers, "next"), where);
}

}  // namespace photobridge::sdk
