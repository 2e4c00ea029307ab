// Where something was written in a file, for messages: "FILE:LINE:COLUMN".
#pragma once

#include <string>

namespace photobridge::common {

struct SourcePosition {
    std::string file;
    int line = 0;    // 1-based; 0: no place in the file
    int column = 0;  // 1-based
    std::string str() const { return file + ":" + std::to_string(line) + ":" + std::to_string(column); }
};

}  // namespace photobridge::common
