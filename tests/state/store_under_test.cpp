#include "store_under_test.hpp"

#include "support/postgres_server.hpp"
#include "support/skip.hpp"
#include "temp_folder.hpp"

#include <string_view>

#ifndef PHOTOBRIDGE_STORE_BACKEND
#error "PHOTOBRIDGE_STORE_BACKEND must be \"sqlite\" or \"postgresql\" (tests/state/CMakeLists.txt)"
#endif

namespace photobridge::testing {
namespace {

class SqliteStore final : public StoreUnderTest {
public:
    SqliteStore() : location_((folder_ / "state.db").string()) {}
    const std::string& location() const override { return location_; }
    bool is_postgresql() const override { return false; }

private:
    TempFolder folder_;
    std::string location_;
};

class PostgresqlStore final : public StoreUnderTest {
public:
    PostgresqlStore() : location_(server_.create_database("store_test")) {}
    const std::string& location() const override { return location_; }
    bool is_postgresql() const override { return true; }

private:
    PostgresServer server_;
    std::string location_;
};

}  // namespace

const char* store_backend_name() { return PHOTOBRIDGE_STORE_BACKEND; }

std::unique_ptr<StoreUnderTest> StoreUnderTest::start() {
    if (std::string_view(PHOTOBRIDGE_STORE_BACKEND) == "sqlite") return std::make_unique<SqliteStore>();
    if (const auto missing = PostgresServer::missing_binaries()) {
        skip("no PostgreSQL server to test against: " + *missing);
        return nullptr;
    }
    return std::make_unique<PostgresqlStore>();
}

}  // namespace photobridge::testing
