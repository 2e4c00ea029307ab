#include "common/diagnostics.hpp"

#include <algorithm>

namespace photobridge::common {

std::vector<Diagnostic> Diagnostics::sorted() const {
    std::vector<Diagnostic> out = list_;
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        if (a.where.line != b.where.line) return a.where.line < b.where.line;
        return a.where.column < b.where.column;
    });
    out.erase(std::unique(out.begin(), out.end(),
                          [](const Diagnostic& a, const Diagnostic& b) {
                              return a.where.line == b.where.line && a.where.column == b.where.column &&
                                     a.message == b.message;
                          }),
              out.end());
    return out;
}

}  // namespace photobridge::common
