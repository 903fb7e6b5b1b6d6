// The WebGL state the page's frame leaves between draws, kept on this side so
// that drawing a frame never asks the GPU process for it.
//
// Why: in WebGL every glGetIntegerv is a getParameter call, and Chromium
// answers it only after the GPU process has run everything queued before it.
// ImGui's OpenGL3 backend saves 14 values that way at the start of each draw
// (ImGui_ImplOpenGL3_RenderDrawData) to restore them at the end, so each frame
// waited for the previous one to be drawn: with a software renderer
// (SwiftShader, headless Chromium) the page's main thread sat 40-200 ms per
// frame in getParameter, even with the lesson paused.
//
// How: cmake/imgui_web.cmake compiles the backend with
// glGetIntegerv=gs_gl_get_integerv. The page draws only through that backend,
// which sets every state it uses before drawing and restores what it saved
// afterwards, and through gl_state_viewport and upload_texture (main.cpp),
// which leave the texture binding at 0. So between frames the state is
// WebGL's initial state plus the viewport and scissor box set here, and
// gs_gl_get_integerv answers those from memory. Any other query (the
// backend's GL version and extension checks at start-up) goes to WebGL.
#pragma once

#include <GLES3/gl3.h>

namespace ganstep::web {

// glViewport and glScissor to the whole drawing buffer, remembered.
void gl_state_viewport(int width, int height);

}  // namespace ganstep::web

extern "C" void gs_gl_get_integerv(GLenum pname, GLint* data);
