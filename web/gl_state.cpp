// See gl_state.h: ImGui's per-frame state queries answered without a GPU round trip.
#include "web/gl_state.h"

namespace ganstep::web {
namespace {

GLint g_viewport[4] = {0, 0, 0, 0};  // glViewport and glScissor, as last set by gl_state_viewport

}  // namespace

void gl_state_viewport(int width, int height) {
  glViewport(0, 0, width, height);
  glScissor(0, 0, width, height);
  g_viewport[0] = 0;
  g_viewport[1] = 0;
  g_viewport[2] = width;
  g_viewport[3] = height;
}

}  // namespace ganstep::web

extern "C" void gs_gl_get_integerv(GLenum pname, GLint* data) {
  using ganstep::web::g_viewport;
  switch (pname) {
    case GL_VIEWPORT:
    case GL_SCISSOR_BOX:
      for (int i = 0; i < 4; ++i) data[i] = g_viewport[i];
      return;
    case GL_ACTIVE_TEXTURE: *data = GL_TEXTURE0; return;
    case GL_CURRENT_PROGRAM:
    case GL_TEXTURE_BINDING_2D:
    case GL_SAMPLER_BINDING:
    case GL_ARRAY_BUFFER_BINDING:
    case GL_VERTEX_ARRAY_BINDING: *data = 0; return;  // none bound between frames
    case GL_BLEND_SRC_RGB:
    case GL_BLEND_SRC_ALPHA: *data = GL_ONE; return;   // WebGL's initial blend function
    case GL_BLEND_DST_RGB:
    case GL_BLEND_DST_ALPHA: *data = GL_ZERO; return;
    case GL_BLEND_EQUATION_RGB:
    case GL_BLEND_EQUATION_ALPHA: *data = GL_FUNC_ADD; return;
    default: glGetIntegerv(pname, data);
  }
}
