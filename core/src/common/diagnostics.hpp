// Validation findings with their place in a file (a workflow file, a
// provider file).
#pragma once

#include "common/source_position.hpp"

#include <string>
#include <vector>

namespace photobridge::common {

// One error: "FILE:LINE:COLUMN: message". Messages never contain secret
// values (workflow_loader.hpp, the declarative plugin).
struct Diagnostic {
    SourcePosition where;
    std::string message;
    std::string str() const { return where.str() + ": " + message; }
};

// Collects diagnostics from every validation pass. Not thread-safe.
class Diagnostics {
public:
    void add(SourcePosition where, std::string message) { list_.push_back({std::move(where), std::move(message)}); }
    bool empty() const noexcept { return list_.empty(); }
    std::size_t size() const noexcept { return list_.size(); }
    // In file order (line, then column); findings at one place keep the
    // order they were added in. Exact duplicates are dropped.
    std::vector<Diagnostic> sorted() const;

private:
    std::vector<Diagnostic> list_;
};

}  // namespace photobridge::common
