#include "loopback_host.hpp"

#include <boost/url/ipv4_address.hpp>

namespace photobridge::mock {

bool is_loopback_host(std::string_view host) {
    if (host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1") return true;
    auto v4 = boost::urls::parse_ipv4_address(host);
    return v4 && (v4->to_uint() >> 24) == 127;
}

}  // namespace photobridge::mock
