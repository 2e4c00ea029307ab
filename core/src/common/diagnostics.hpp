// Validation findings with their place in the workflow file.
#pragma once

#include "model/workflow.hpp"

#include <string>
#include <vector>

namespace photobridge::workflow_file {
using namespace photobridge::model;  // the run and the parser speak the model's types

// One error: "FILE:LINE:COLUMN: message". Messages never contain secret
// values (see workflow_loader.hpp).
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

}  // namespace photobridge::workflow_file
