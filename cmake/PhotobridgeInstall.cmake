# `cmake --install BUILD --prefix P`, the CMake package, the pkg-config file
# and `cpack -G DEB`. Included at the end of the top-level CMakeLists.txt.
#
#   P/bin/                           photobridge, photobridge-plugin-host, photobridge-mock
#   P/lib/photobridge/plugins/       the provider plugins and the files sink
#   P/include/photobridge/           plugin.h, ext/*.h, sdk.hpp, sdk/*.hpp, testing.hpp
#   P/lib/                           libphotobridge-testing.so (photobridge::testing)
#   P/lib/cmake/photobridge/         photobridgeConfig.cmake (photobridge::sdk,
#                                    photobridge::testing, photobridge_add_plugin), its version file,
#                                    PhotobridgePlugin.cmake, plugin_exports.map
#   P/share/pkgconfig/               photobridge-sdk.pc
#   P/share/photobridge/             mockserver/fixtures/, examples/workflows/
#
# Nothing here depends on the prefix given at configure time: the programs
# find their plugins and data relative to their executable, the CMake
# package and the .pc file relative to themselves.
include(CMakePackageConfigHelpers)

# The programs and the plugins that ship (not the hello example, the
# benchmarks' or the tests' plugins: sdk-docs/writing-a-plugin.md, section 8).
install(TARGETS photobridge photobridge-plugin-host RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
if(TARGET photobridge-mock)
  install(TARGETS photobridge-mock RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
  install(DIRECTORY "${CMAKE_SOURCE_DIR}/mockserver/fixtures/"
          DESTINATION "${PHOTOBRIDGE_INSTALL_DATADIR}/mockserver/fixtures")
endif()
if(PHOTOBRIDGE_SHIPPED_PLUGIN_TARGETS)
  install(TARGETS ${PHOTOBRIDGE_SHIPPED_PLUGIN_TARGETS} LIBRARY DESTINATION "${PHOTOBRIDGE_INSTALL_PLUGINDIR}")
endif()
# The provider files the declarative plugin turns into plugins.
get_property(_provider_files GLOBAL PROPERTY PHOTOBRIDGE_PROVIDER_FILES)
if(_provider_files)
  install(FILES ${_provider_files} DESTINATION "${PHOTOBRIDGE_INSTALL_PLUGINDIR}")
endif()
install(DIRECTORY "${CMAKE_SOURCE_DIR}/examples/workflows/"
        DESTINATION "${PHOTOBRIDGE_INSTALL_DATADIR}/examples/workflows")

# The public headers: the C ABI, its extensions and the C++ SDK.
install(DIRECTORY "${CMAKE_SOURCE_DIR}/core/include/photobridge/"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/photobridge"
        FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")

# The CMake package: find_package(photobridge CONFIG REQUIRED) gives
# photobridge::sdk and photobridge_add_plugin().
install(TARGETS photobridge_sdk EXPORT photobridgeTargets)
# photobridge::testing (<photobridge/testing.hpp>), with the mock.
if(TARGET photobridge_testing)
  install(TARGETS photobridge_testing EXPORT photobridgeTargets LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}")
endif()
install(EXPORT photobridgeTargets NAMESPACE photobridge:: FILE photobridgeTargets.cmake
        DESTINATION "${PHOTOBRIDGE_INSTALL_CMAKEDIR}")
configure_package_config_file("${CMAKE_SOURCE_DIR}/cmake/photobridgeConfig.cmake.in"
  "${CMAKE_BINARY_DIR}/cmake/photobridgeConfig.cmake"
  INSTALL_DESTINATION "${PHOTOBRIDGE_INSTALL_CMAKEDIR}"
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR PHOTOBRIDGE_INSTALL_PLUGINDIR)
# 0.x: a minor version may change the SDK; the C ABI has its own check.
write_basic_package_version_file("${CMAKE_BINARY_DIR}/cmake/photobridgeConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES
    "${CMAKE_BINARY_DIR}/cmake/photobridgeConfig.cmake"
    "${CMAKE_BINARY_DIR}/cmake/photobridgeConfigVersion.cmake"
    "${CMAKE_SOURCE_DIR}/cmake/PhotobridgePlugin.cmake"
    "${PHOTOBRIDGE_PLUGIN_EXPORTS_MAP}"
  DESTINATION "${PHOTOBRIDGE_INSTALL_CMAKEDIR}")

# pkg-config, for other build systems: relocatable (prefix from the .pc
# file's own folder). Boost.JSON and Boost.URL have no .pc file on Debian:
# their flags are written out.
set(PHOTOBRIDGE_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_DATADIR}/pkgconfig")
file(RELATIVE_PATH PHOTOBRIDGE_PREFIX_FROM_PKGCONFIGDIR "/${PHOTOBRIDGE_INSTALL_PKGCONFIGDIR}" "/")
string(REGEX REPLACE "/$" "" PHOTOBRIDGE_PREFIX_FROM_PKGCONFIGDIR "${PHOTOBRIDGE_PREFIX_FROM_PKGCONFIGDIR}")
set(PHOTOBRIDGE_PC_BOOST_CFLAGS "")
foreach(_dir IN LISTS Boost_INCLUDE_DIRS)
  if(NOT _dir STREQUAL "/usr/include")
    string(APPEND PHOTOBRIDGE_PC_BOOST_CFLAGS " -I${_dir}")
  endif()
endforeach()
configure_file("${CMAKE_SOURCE_DIR}/cmake/photobridge-sdk.pc.in" "${CMAKE_BINARY_DIR}/cmake/photobridge-sdk.pc" @ONLY)
install(FILES "${CMAKE_BINARY_DIR}/cmake/photobridge-sdk.pc" DESTINATION "${PHOTOBRIDGE_INSTALL_PKGCONFIGDIR}")

# cpack -G DEB (from the release preset's build folder, .ci/run): the
# package installs under /usr; its Depends come from dpkg-shlibdeps.
set(CPACK_PACKAGE_NAME "photobridge")
set(CPACK_PACKAGE_VENDOR "photobridge")
set(CPACK_PACKAGE_CONTACT "photobridge maintainers <photobridge@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "moves photos and people between photo services (host, mock server, plugins, SDK)")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Building a plugin against the installed SDK also needs these (doctest for
# the contract test `photobridge new-plugin` writes).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "cmake, g++, libboost-json1.81-dev, libboost-url1.81-dev, doctest-dev")
include(CPack)
