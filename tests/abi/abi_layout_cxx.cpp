// The same layout report compiled as C++17 (see abi_layout.c).
extern "C" {
#include "abi_layout.c"
}
