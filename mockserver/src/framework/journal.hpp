// The request journal behind GET/DELETE /__admin/requests: a bounded ring of
// the most recent requests. Credentials are redacted before an entry is
// stored (see redact_headers), so the journal never holds a token.
//
// Thread contract: record(), snapshot() and clear() may be called from any
// server thread. There is no global lock on the hot path: record() takes a
// ticket from an atomic counter and locks only the ring slot it writes, so
// concurrent requests contend only when the ring wraps onto the same slot.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace photobridge::mock {

struct JournalEntry {
    std::uint64_t sequence = 0;  // assigned by record(), 1-based, never reused until clear()
    std::int64_t time_unix_ms = 0;
    std::string method;
    std::string path;   // full request path, including "/<provider>"
    std::string query;  // raw query string, without '?'
    std::vector<std::pair<std::string, std::string>> headers;  // lower-case names, credentials redacted
    std::size_t body_size = 0;  // bytes
    std::string provider;       // empty when the path names no provider
    std::string matched;        // "<provider>/<endpoint>#<example>", "dataset:<route>", or empty
    int status = 0;
    std::string fault;  // id of the fault rule applied, if any
};

class Journal {
public:
    explicit Journal(std::size_t capacity);  // 0: record nothing
    void record(JournalEntry entry);
    std::vector<JournalEntry> snapshot() const;  // oldest first, at most capacity() entries
    void clear();
    std::size_t capacity() const { return capacity_; }
    std::uint64_t total_recorded() const { return next_sequence_.load(std::memory_order_relaxed); }

private:
    struct Slot {
        mutable std::mutex mutex;
        JournalEntry entry;  // entry.sequence == 0: empty
    };
    const std::size_t capacity_;
    std::unique_ptr<Slot[]> slots_;
    std::atomic<std::uint64_t> next_sequence_{0};  // sequences handed out so far
};

boost::json::value to_json(const JournalEntry& entry);

// Copies `headers` with names lower-cased and the value of every credential
// header (authorization, x-auth-token, proxy-authorization, cookie, x-api-key)
// replaced by "[REDACTED]"; any other occurrence of `credential` is masked too.
template <class HeaderRange>
std::vector<std::pair<std::string, std::string>> redact_headers(const HeaderRange& headers, std::string_view credential);

bool is_credential_header(std::string_view lower_name);
std::string mask_secret(std::string text, std::string_view secret);
std::string to_lower(std::string_view text);

template <class HeaderRange>
std::vector<std::pair<std::string, std::string>> redact_headers(const HeaderRange& headers, std::string_view credential) {
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(headers.size());
    for (const auto& [name, value] : headers) {
        // cpp-httplib stores the socket addresses as pseudo headers; they are not sent by the client.
        std::string lname = to_lower(name);
        if (lname == "remote_addr" || lname == "remote_port" || lname == "local_addr" || lname == "local_port") continue;
        if (is_credential_header(lname)) out.emplace_back(std::move(lname), "[REDACTED]");
        else out.emplace_back(std::move(lname), mask_secret(value, credential));
    }
    return out;
}

}  // namespace photobridge::mock
