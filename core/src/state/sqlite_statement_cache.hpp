// Prepared statements kept for the life of a connection, keyed by their SQL
// text: each distinct statement is compiled once, then only reset, bound
// and stepped. Thread contract: as for the Database it belongs to (one
// thread at a time). Must be destroyed before its Database.
#pragma once

#include "state/sqlite_handle.hpp"

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace photobridge::state::sqlite {

class StatementCache {
public:
    explicit StatementCache(Database& db) : db_(db) {}

    // The statement for `sql`, prepared on first use. The reference stays
    // valid until the cache is destroyed or cleared.
    Statement& get(std::string_view sql) {
        auto it = statements_.find(sql);
        if (it == statements_.end())
            it = statements_.emplace(std::string(sql), std::make_unique<Statement>(db_, sql)).first;
        return *it->second;
    }

    std::size_t size() const noexcept { return statements_.size(); }
    void clear() noexcept { statements_.clear(); }

private:
    Database& db_;
    std::map<std::string, std::unique_ptr<Statement>, std::less<>> statements_;
};

}  // namespace photobridge::state::sqlite
