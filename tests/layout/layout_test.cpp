// The house rules that a compiler does not check: which room may include
// which (README "Layout"), and that the core names no provider. Reads the
// sources under PHOTOBRIDGE_SOURCE_DIR.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path kCore = fs::path(PHOTOBRIDGE_SOURCE_DIR) / "core" / "src";

struct Include {
    fs::path file;
    int line = 0;
    std::string room;  // the first folder of the quoted include: "engine" in "engine/retry.hpp"
};

std::vector<fs::path> sources_in(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && (e.path().extension() == ".cpp" || e.path().extension() == ".hpp"))
            out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<Include> quoted_includes(const fs::path& file) {
    std::vector<Include> out;
    std::ifstream in(file);
    std::string text;
    int line = 0;
    while (std::getline(in, text)) {
        ++line;
        const auto hash = text.find_first_not_of(" \t");
        if (hash == std::string::npos || text.compare(hash, 10, "#include \"") != 0) continue;
        const auto start = hash + 10;
        const auto slash = text.find('/', start);
        const auto quote = text.find('"', start);
        if (slash == std::string::npos || quote == std::string::npos || slash > quote) continue;
        out.push_back({file, line, text.substr(start, slash - start)});
    }
    return out;
}

// room -> the rooms its files may include (besides its own).
const std::map<std::string, std::set<std::string>> kMayInclude = {
    {"common", {}},
    {"host", {"common"}},
    {"state", {"common"}},
    {"model", {"common"}},
    {"workflow", {"common", "host", "model"}},
    {"engine", {"common", "host", "model", "state"}},
    {"serve", {"common", "host", "model", "state", "engine", "workflow"}},
    {"testing", {"common", "host"}},
    {"plugin_host", {"common", "host"}},
    {"cli", {"common", "host", "model", "state", "engine", "workflow", "serve"}},
};

}  // namespace

TEST_CASE("layout: each room of core/src includes only the rooms below it (the run never the parser)") {
    std::set<std::string> rooms_seen;
    for (const auto& entry : fs::directory_iterator(kCore)) {
        if (!entry.is_directory()) continue;
        const std::string room = entry.path().filename().string();
        rooms_seen.insert(room);
        CAPTURE(room);
        REQUIRE_MESSAGE(kMayInclude.count(room) == 1, "a new room under core/src: add it to this test and the README");
        const auto& allowed = kMayInclude.at(room);
        for (const auto& file : sources_in(entry.path()))
            for (const auto& inc : quoted_includes(file)) {
                if (inc.room == room || inc.room == "photobridge" || inc.room == "toml++") continue;
                CAPTURE(inc.file.string());
                CAPTURE(inc.line);
                CHECK_MESSAGE(allowed.count(inc.room) == 1, room << " includes " << inc.room);
            }
    }
    CHECK(rooms_seen.count("engine") == 1);
    CHECK(rooms_seen.count("workflow") == 1);
    CHECK(rooms_seen.count("model") == 1);
}

TEST_CASE("layout: the core names no provider outside a rare example comment") {
    const std::vector<std::string> providers = {"generative", "snapbar", "shootbin", "headshotpro", "cloudcard"};
    int comment_mentions = 0;
    for (const auto& file : sources_in(kCore)) {
        std::ifstream in(file);
        std::string text;
        int line = 0;
        while (std::getline(in, text)) {
            ++line;
            std::string lower = text;
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
            for (const auto& p : providers) {
                const auto at = lower.find(p);
                if (at == std::string::npos) continue;
                const auto comment = lower.find("//");
                CAPTURE(file.string());
                CAPTURE(line);
                CAPTURE(text);
                CHECK_MESSAGE((comment != std::string::npos && comment < at), "a provider named in core code");
                ++comment_mentions;
            }
        }
    }
    // Examples in comments are fine when rare.
    CHECK(comment_mentions <= 12);
}
