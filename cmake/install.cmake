# `cmake --install build --prefix P`: the simulator, the headers a policy plugin compiles against
# (policies/ and the sim/core headers they include) and a CMake package, so that an out-of-tree
# plugin says find_package(modisim) and links modisim::plugin (docs/plugins.md).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS modisim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

file(GLOB MODISIM_POLICY_HEADERS ${CMAKE_SOURCE_DIR}/policies/*.hpp)
install(FILES ${MODISIM_POLICY_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/modisim/policies)
# What policies/*.hpp include from sim/core (the install test compiles a plugin against them).
set(MODISIM_PLUGIN_CORE_HEADERS error reason traces distribution)
list(TRANSFORM MODISIM_PLUGIN_CORE_HEADERS REPLACE "(.+)" "${CMAKE_SOURCE_DIR}/sim/core/\\1.hpp")
install(FILES ${MODISIM_PLUGIN_CORE_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/modisim/sim/core)

# A sanitized modisim gets sanitized plugins too: same runtime, same struct layouts, and the
# plugin's own code checked as well.
set(MODISIM_PLUGIN_COMPILE_OPTIONS "")
set(MODISIM_PLUGIN_LINK_OPTIONS "")
if(MODISIM_SANITIZE)
  set(MODISIM_PLUGIN_COMPILE_OPTIONS -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer
      -fno-sanitize-recover=all)
  set(MODISIM_PLUGIN_LINK_OPTIONS -fsanitize=address,undefined,float-cast-overflow)
endif()

set(MODISIM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/modisim)
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/modisimConfig.cmake.in
  ${CMAKE_BINARY_DIR}/generated/modisimConfig.cmake
  INSTALL_DESTINATION ${MODISIM_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_BINDIR)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/generated/modisimConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/generated/modisimConfig.cmake ${CMAKE_BINARY_DIR}/generated/modisimConfigVersion.cmake
        DESTINATION ${MODISIM_CMAKE_DIR})
