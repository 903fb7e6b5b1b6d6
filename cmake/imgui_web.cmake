# Dear ImGui 1.86 for the WebAssembly build, compiled from the sources that
# scripts/setup.sh copies into third_party/imgui (Debian's `imgui` source
# package). Natively the player uses Debian's libimgui-dev instead.
#
#   imgui_web: static library, core + GLFW and OpenGL3 (WebGL2 / GLES 3) backends.
#   Include directories: third_party/imgui and third_party/imgui/backends.
#
# Safe to include more than once (any CMakeLists.txt that needs ImGui under
# EMSCRIPTEN may include it).
if(TARGET imgui_web)
  return()
endif()

set(GANSTEP_IMGUI_DIR "${PROJECT_SOURCE_DIR}/third_party/imgui")
foreach(f imgui.cpp imgui_draw.cpp imgui_tables.cpp imgui_widgets.cpp
          backends/imgui_impl_glfw.cpp backends/imgui_impl_opengl3.cpp)
  if(NOT EXISTS "${GANSTEP_IMGUI_DIR}/${f}")
    message(FATAL_ERROR
      "Dear ImGui sources are missing (${GANSTEP_IMGUI_DIR}/${f}).\n"
      "The web build compiles ImGui 1.86 from source: run  bash scripts/setup.sh  "
      "(it fetches Debian's imgui source package into third_party/imgui), then configure again.")
  endif()
endforeach()

add_library(imgui_web STATIC
  ${GANSTEP_IMGUI_DIR}/imgui.cpp
  ${GANSTEP_IMGUI_DIR}/imgui_draw.cpp
  ${GANSTEP_IMGUI_DIR}/imgui_tables.cpp
  ${GANSTEP_IMGUI_DIR}/imgui_widgets.cpp
  ${GANSTEP_IMGUI_DIR}/backends/imgui_impl_glfw.cpp
  ${GANSTEP_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
# The backend's per-frame state queries are answered by the page (web/gl_state.h
# says why: each glGetIntegerv made the page wait for the GPU process).
set_source_files_properties(${GANSTEP_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp PROPERTIES
  COMPILE_DEFINITIONS "glGetIntegerv=gs_gl_get_integerv")
target_include_directories(imgui_web SYSTEM PUBLIC ${GANSTEP_IMGUI_DIR} ${GANSTEP_IMGUI_DIR}/backends)
# WebGL2 is GLES 3.0: "#version 300 es" shaders and real vertex array objects.
target_compile_definitions(imgui_web PUBLIC IMGUI_IMPL_OPENGL_ES3)
# GLFW 3 (Emscripten's JS implementation; its headers are in the sysroot) and WebGL2.
# -Os: ImGui in the page is sized for the download (see lessons/CMakeLists.txt).
target_compile_options(imgui_web PRIVATE -Os -w)
target_link_options(imgui_web PUBLIC -sUSE_GLFW=3 -sFULL_ES3=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2)
