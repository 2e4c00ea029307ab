// How a provider takes its credential, and the rule that it goes only to the
// provider: an AuthScheme names the config keys and where the value goes
// (bearer, a named header, a query parameter, HTTP Basic); resolved from a
// plugin's config once at create() into Credentials, which ApiClient adds to
// a request only when the request's URL has base_url's origin (scheme, host,
// port). A media URL on a CDN, a next-page URL on another host or a redirect
// to another origin goes without the credential.
//
// Credentials are immutable after resolve(), so one value serves concurrent
// invokes. [any-thread]
#pragma once

#include <photobridge/sdk/error.hpp>
#include <photobridge/sdk/host.hpp>
#include <photobridge/sdk/origin.hpp>
#include <photobridge/sdk/url.hpp>

#include <boost/archive/iterators/base64_from_binary.hpp>
#include <boost/archive/iterators/transform_width.hpp>
#include <boost/json.hpp>
#include <boost/url.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace photobridge::sdk {

// Standard base64 (RFC 4648 section 4) with '=' padding.
inline std::string base64_encode(std::string_view bytes) {
    namespace it = boost::archive::iterators;
    using Encoder = it::base64_from_binary<it::transform_width<std::string_view::const_iterator, 6, 8>>;
    std::string out(Encoder(bytes.begin()), Encoder(bytes.end()));
    out.append((3 - bytes.size() % 3) % 3, '=');
    return out;
}

// A credential resolved from config: what a request to the API's origin carries.
struct Credentials {
    Headers headers;  // e.g. {"Authorization", "Bearer k-1"}
    Query query;      // e.g. {"api_key", "k-1"}, percent-encoded when applied

    bool empty() const noexcept { return headers.empty() && query.empty(); }

    // Adds the credential to `request` when its URL has the origin of
    // `api_url` (the client's base_url); any other request is left as it is.
    // Headers replace same-named ones; a query parameter replaces one of the
    // same name already in the URL.
    void apply(HttpRequest& request, std::string_view api_url) const {
        if (empty() || !same_origin(request.url, api_url)) return;
        for (const auto& [name, value] : headers) set_header(request.headers, name, value);
        if (query.empty()) return;
        auto parsed = boost::urls::parse_uri(request.url);
        if (!parsed) return;  // same_origin() parsed it: unreachable
        boost::urls::url u = *parsed;
        for (const auto& [key, value] : query) {
            const std::string k = encode_query_component(key);
            const std::string v = encode_query_component(value);
            u.encoded_params().set(k, v);
        }
        request.url = std::string(u.buffer());
    }

    std::vector<std::string> secrets;  // the config values themselves, kept out of messages
};

// Where a credential goes; built with the functions in sdk::auth.
class AuthScheme {
public:
    enum class Kind { none, header, query, basic };

    AuthScheme() = default;
    AuthScheme(Kind kind, std::string name, std::string config_key, std::string prefix = {},
               std::string second_key = {})
        : kind_(kind),
          name_(std::move(name)),
          config_key_(std::move(config_key)),
          prefix_(std::move(prefix)),
          second_key_(std::move(second_key)) {}

    Kind kind() const noexcept { return kind_; }
    // The config key holding the secret (the user name's key for basic).
    const std::string& config_key() const noexcept { return config_key_; }
    bool optional() const noexcept { return optional_; }
    AuthScheme as_optional() const {
        AuthScheme copy = *this;
        copy.optional_ = true;
        return copy;
    }

    // The credential of `config`. Each key must be a non-empty string (basic's
    // password may be empty or absent); an optional scheme whose keys are all
    // absent or null gives empty Credentials. Throws INVALID_ARGUMENT naming
    // the config key ("<provider>: config.<key> is required (a non-empty
    // string)"), never quoting a value.
    Credentials resolve(const boost::json::object& config, std::string_view provider) const {
        Credentials out;
        if (kind_ == Kind::none) return out;
        const auto absent = [&](const std::string& key) {
            const auto* v = config.if_contains(key);
            return v == nullptr || v->is_null();
        };
        if (optional_ && absent(config_key_) && (second_key_.empty() || absent(second_key_))) return out;
        const std::string value = required_string(config, config_key_, provider);
        out.secrets.push_back(value);
        switch (kind_) {
            case Kind::header: out.headers.emplace_back(name_, prefix_ + value); break;
            case Kind::query: out.query.emplace_back(name_, value); break;
            case Kind::basic: {
                std::string password;
                if (const auto* p = config.if_contains(second_key_); p != nullptr && !p->is_null()) {
                    if (!p->is_string()) throw refusal(provider, second_key_, "must be a string");
                    password = p->get_string();
                    if (!password.empty()) out.secrets.push_back(password);
                }
                std::string encoded = base64_encode(value + ":" + password);
                out.secrets.push_back(encoded);
                out.headers.emplace_back("Authorization", "Basic " + std::move(encoded));
                break;
            }
            case Kind::none: break;
        }
        return out;
    }

private:
    static Error refusal(std::string_view provider, std::string_view key, std::string_view rule) {
        std::string message(provider);
        message.append(": config.").append(key).append(" ").append(rule);
        return invalid_argument(std::move(message));
    }

    static std::string required_string(const boost::json::object& config, const std::string& key,
                                       std::string_view provider) {
        const auto* v = config.if_contains(key);
        if (v == nullptr || !v->is_string() || v->get_string().empty())
            throw refusal(provider, key, "is required (a non-empty string)");
        return std::string(v->get_string());
    }

    Kind kind_ = Kind::none;
    std::string name_;        // the header or query parameter
    std::string config_key_;  // the secret's (or user name's) config key
    std::string prefix_;      // before the value in a header, e.g. "Bearer "
    std::string second_key_;  // basic: the password's config key
    bool optional_ = false;
};

namespace auth {

// No credential at all.
inline AuthScheme none() { return {}; }

// `Authorization: Bearer <config[config_key]>`.
inline AuthScheme bearer(std::string config_key) {
    return {AuthScheme::Kind::header, "Authorization", std::move(config_key), "Bearer "};
}

// `<header>: <prefix><config[config_key]>`, e.g. header("X-Auth-Token", "token").
inline AuthScheme header(std::string header, std::string config_key, std::string prefix = {}) {
    return {AuthScheme::Kind::header, std::move(header), std::move(config_key), std::move(prefix)};
}

// `?<param>=<config[config_key]>` on every request to the API's origin.
inline AuthScheme query(std::string param, std::string config_key) {
    return {AuthScheme::Kind::query, std::move(param), std::move(config_key)};
}

// `Authorization: Basic base64(<config[user_key]>:<config[password_key]>)`.
inline AuthScheme basic(std::string user_key, std::string password_key) {
    return {AuthScheme::Kind::basic, "Authorization", std::move(user_key), {}, std::move(password_key)};
}

// `scheme`, or nothing sent when the config has none of its keys.
inline AuthScheme optional(const AuthScheme& scheme) { return scheme.as_optional(); }

}  // namespace auth
}  // namespace photobridge::sdk
