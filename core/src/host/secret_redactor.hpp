// Removes secret values from text before it is logged, journaled, stored or
// shown. Every host-side path that emits text about a connection goes
// through the redactor of that connection.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace photobridge::host {

class SecretRedactor {
public:
    static constexpr std::string_view kMask = "***";

    // Secrets shorter than 4 characters are ignored: masking them would
    // garble ordinary text without protecting anything.
    void add(std::string secret);
    std::string redact(std::string_view text) const;
    bool empty() const noexcept { return secrets_.empty(); }

    // True for header names that carry credentials (case-insensitive).
    static bool is_credential_header(std::string_view name);

private:
    std::vector<std::string> secrets_;  // longest first, so overlapping secrets mask whole
};

}  // namespace photobridge::host
