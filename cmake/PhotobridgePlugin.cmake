# photobridge_add_plugin(<id> SOURCES ... [MANIFEST manifest.json] [LIBRARIES ...])
#
# The one way a photobridge plugin is built, inside this tree (the top-level
# CMakeLists.txt includes this file) and outside it (find_package(photobridge)
# includes the installed copy). It builds the target photobridge_plugin_<id>:
#
#   - a module named photobridge-<id>.so (the host loads only files named
#     photobridge-*.so);
#   - hidden visibility, and the version script plugin_exports.map, so the
#     module exports exactly one symbol, photobridge_plugin_entry;
#   - linked with photobridge::sdk (the C ABI and the header-only C++ SDK)
#     and LIBRARIES, nothing of the host; -Wl,--no-undefined;
#   - MANIFEST embeds a JSON file as the constant `photobridge_manifest_json`
#     in the generated header <id>_manifest.hpp.
#
# What only the photobridge tree has is used when it is there and skipped
# otherwise: the warnings target (photobridge_warnings), the shared
# precompiled header (photobridge_precompile) and the shared plugin folder
# (PHOTOBRIDGE_PLUGIN_OUTPUT_DIR; out of the tree the module lands in the
# calling directory's build folder unless that variable is set).

# The version script: set by the tree before it includes this file; next to
# this file in an installed package.
if(NOT DEFINED PHOTOBRIDGE_PLUGIN_EXPORTS_MAP)
  set(PHOTOBRIDGE_PLUGIN_EXPORTS_MAP "${CMAKE_CURRENT_LIST_DIR}/plugin_exports.map")
endif()

function(photobridge_add_plugin id)
  cmake_parse_arguments(ARG "" "MANIFEST" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT TARGET photobridge::sdk)
    message(FATAL_ERROR "photobridge_add_plugin(${id}): no photobridge::sdk target; "
                        "call find_package(photobridge CONFIG REQUIRED) first")
  endif()
  if(NOT EXISTS "${PHOTOBRIDGE_PLUGIN_EXPORTS_MAP}")
    message(FATAL_ERROR "photobridge_add_plugin(${id}): the version script is missing: "
                        "'${PHOTOBRIDGE_PLUGIN_EXPORTS_MAP}' (PHOTOBRIDGE_PLUGIN_EXPORTS_MAP)")
  endif()
  set(_target photobridge_plugin_${id})
  add_library(${_target} MODULE ${ARG_SOURCES})
  target_link_libraries(${_target} PRIVATE photobridge::sdk ${ARG_LIBRARIES})
  if(TARGET photobridge_warnings)
    target_link_libraries(${_target} PRIVATE photobridge_warnings)
  endif()
  if(COMMAND photobridge_precompile AND TARGET photobridge_pch_plugin)
    photobridge_precompile(${_target} plugin)
  endif()
  if(ARG_MANIFEST)
    set(_manifest "${CMAKE_CURRENT_SOURCE_DIR}/${ARG_MANIFEST}")
    set(_generated "${CMAKE_CURRENT_BINARY_DIR}/generated")
    file(READ "${_manifest}" _manifest_text)
    file(CONFIGURE OUTPUT "${_generated}/${id}_manifest.hpp" CONTENT
"// Generated from ${ARG_MANIFEST} by CMake; edit that file, not this one.
#pragma once
inline constexpr const char photobridge_manifest_json[] = R\"pbmanifest(@_manifest_text@)pbmanifest\";
" @ONLY)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_manifest}")
    target_include_directories(${_target} PRIVATE "${_generated}")
  endif()
  set_target_properties(${_target} PROPERTIES
    PREFIX "" OUTPUT_NAME "photobridge-${id}"
    C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  if(PHOTOBRIDGE_PLUGIN_OUTPUT_DIR)
    set_target_properties(${_target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${PHOTOBRIDGE_PLUGIN_OUTPUT_DIR}")
  endif()
  target_link_options(${_target} PRIVATE -Wl,--no-undefined "-Wl,--version-script=${PHOTOBRIDGE_PLUGIN_EXPORTS_MAP}")
  set_property(TARGET ${_target} APPEND PROPERTY LINK_DEPENDS "${PHOTOBRIDGE_PLUGIN_EXPORTS_MAP}")
  set_property(GLOBAL APPEND PROPERTY PHOTOBRIDGE_PLUGIN_TARGETS ${_target})
endfunction()
