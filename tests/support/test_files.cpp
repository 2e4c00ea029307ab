#include "support/test_files.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>

#include <stdlib.h>

namespace photobridge::testing {

TempDir::TempDir(std::string_view prefix) {
    std::string pattern = (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string expected_lines(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) return "<missing " + path.filename().string() + ">";
    std::string out, line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        out += line + "\n";
    }
    return out;
}

}  // namespace photobridge::testing
