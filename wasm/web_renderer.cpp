// web_renderer.cpp — Dear ImGui draw data to WebGL2 without state queries.
// The shaders and blend set-up are imgui_impl_opengl3's for GLSL ES 3.00, so
// the picture is the same.
#include "web_renderer.h"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace veldwijzer::web {
namespace {

constexpr const char *kVertexShader = R"(#version 300 es
precision highp float;
layout (location = 0) in vec2 Position;
layout (location = 1) in vec2 UV;
layout (location = 2) in vec4 Color;
uniform mat4 ProjMtx;
out vec2 Frag_UV;
out vec4 Frag_Color;
void main() {
  Frag_UV = UV;
  Frag_Color = Color;
  gl_Position = ProjMtx * vec4(Position.xy, 0, 1);
}
)";

constexpr const char *kFragmentShader = R"(#version 300 es
precision mediump float;
uniform sampler2D Texture;
in vec2 Frag_UV;
in vec4 Frag_Color;
layout (location = 0) out vec4 Out_Color;
void main() {
  Out_Color = Frag_Color * texture(Texture, Frag_UV.st);
}
)";

struct Renderer {
  GLuint program = 0;
  GLint projection = -1; // uniform location
  GLuint vertex_array = 0;
  GLuint vertices = 0;
  GLuint indices = 0;
  GLuint font_texture = 0;
  // The frame's draw lists in one upload each; kept between frames so a
  // steady frame allocates nothing.
  std::vector<ImDrawVert> vertex_data;
  std::vector<std::uint32_t> index_data;
};
Renderer r;

GLuint compile(GLenum kind, const char *source, std::string *problem) {
  const GLuint shader = glCreateShader(kind);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok == GL_TRUE) {
    return shader;
  }
  char log[512] = {};
  glGetShaderInfoLog(shader, sizeof log, nullptr, log);
  *problem = std::string(kind == GL_VERTEX_SHADER ? "vertex" : "fragment") + " shader: " + log;
  glDeleteShader(shader);
  return 0;
}

} // namespace

bool init_renderer(std::string *problem) {
  // After a context loss the old names mean nothing in the new context.
  r = Renderer{};
  const GLuint vertex_shader = compile(GL_VERTEX_SHADER, kVertexShader, problem);
  if (vertex_shader == 0) {
    return false;
  }
  const GLuint fragment_shader = compile(GL_FRAGMENT_SHADER, kFragmentShader, problem);
  if (fragment_shader == 0) {
    glDeleteShader(vertex_shader);
    return false;
  }
  r.program = glCreateProgram();
  glAttachShader(r.program, vertex_shader);
  glAttachShader(r.program, fragment_shader);
  glLinkProgram(r.program);
  glDeleteShader(vertex_shader); // the program keeps them
  glDeleteShader(fragment_shader);
  GLint linked = GL_FALSE;
  glGetProgramiv(r.program, GL_LINK_STATUS, &linked);
  if (linked != GL_TRUE) {
    char log[512] = {};
    glGetProgramInfoLog(r.program, sizeof log, nullptr, log);
    *problem = std::string("shader program: ") + log;
    glDeleteProgram(r.program);
    r.program = 0;
    return false;
  }
  r.projection = glGetUniformLocation(r.program, "ProjMtx");
  glUseProgram(r.program);
  glUniform1i(glGetUniformLocation(r.program, "Texture"), 0);

  // The vertex layout is ImDrawVert's, fixed once in the vertex array; the
  // element buffer binding is part of it too.
  glGenVertexArrays(1, &r.vertex_array);
  glGenBuffers(1, &r.vertices);
  glGenBuffers(1, &r.indices);
  glBindVertexArray(r.vertex_array);
  glBindBuffer(GL_ARRAY_BUFFER, r.vertices);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, r.indices);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  const auto offset = [](std::size_t bytes) { return reinterpret_cast<const void *>(bytes); };
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), offset(offsetof(ImDrawVert, pos)));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), offset(offsetof(ImDrawVert, uv)));
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), offset(offsetof(ImDrawVert, col)));

  ImGuiIO &io = ImGui::GetIO();
  io.BackendRendererName = "veldwijzer_web_renderer";
  // Indices are rebased into one 32-bit buffer, so large lists need no split.
  io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
  return true;
}

void upload_font_atlas() {
  ImGuiIO &io = ImGui::GetIO();
  unsigned char *pixels = nullptr;
  int width = 0;
  int height = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  if (r.font_texture != 0) {
    glDeleteTextures(1, &r.font_texture);
  }
  glGenTextures(1, &r.font_texture);
  glBindTexture(GL_TEXTURE_2D, r.font_texture);
  // Bilinear: ImGui's anti-aliased lines sample between texels.
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(r.font_texture)));
}

void render_draw_data(const ImDrawData *draw_data) {
  const float fb_width = draw_data->DisplaySize.x * draw_data->FramebufferScale.x;
  const float fb_height = draw_data->DisplaySize.y * draw_data->FramebufferScale.y;
  if (fb_width <= 0.0f || fb_height <= 0.0f || draw_data->TotalIdxCount == 0 || r.program == 0) {
    return;
  }

  // Every draw list into one vertex and one index array; indices become
  // absolute (list start + the command's own vertex offset).
  r.vertex_data.resize(static_cast<std::size_t>(draw_data->TotalVtxCount));
  r.index_data.resize(static_cast<std::size_t>(draw_data->TotalIdxCount));
  std::size_t vertex_base = 0;
  std::size_t index_base = 0;
  for (const ImDrawList *list : draw_data->CmdLists) {
    std::copy(list->VtxBuffer.begin(), list->VtxBuffer.end(), r.vertex_data.data() + vertex_base);
    for (const ImDrawCmd &cmd : list->CmdBuffer) {
      const std::uint32_t base = static_cast<std::uint32_t>(vertex_base) + cmd.VtxOffset;
      for (unsigned int i = cmd.IdxOffset; i < cmd.IdxOffset + cmd.ElemCount; ++i) {
        r.index_data[index_base + i] = base + list->IdxBuffer[static_cast<int>(i)];
      }
    }
    vertex_base += static_cast<std::size_t>(list->VtxBuffer.Size);
    index_base += static_cast<std::size_t>(list->IdxBuffer.Size);
  }

  // The state ImGui's geometry needs; set, never read back.
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_SCISSOR_TEST);
  glActiveTexture(GL_TEXTURE0);
  glUseProgram(r.program);
  const float left = draw_data->DisplayPos.x;
  const float right = left + draw_data->DisplaySize.x;
  const float top = draw_data->DisplayPos.y;
  const float bottom = top + draw_data->DisplaySize.y;
  const float projection[4][4] = {
      {2.0f / (right - left), 0.0f, 0.0f, 0.0f},
      {0.0f, 2.0f / (top - bottom), 0.0f, 0.0f},
      {0.0f, 0.0f, -1.0f, 0.0f},
      {(right + left) / (left - right), (top + bottom) / (bottom - top), 0.0f, 1.0f},
  };
  glUniformMatrix4fv(r.projection, 1, GL_FALSE, &projection[0][0]);
  glBindVertexArray(r.vertex_array);
  glBindBuffer(GL_ARRAY_BUFFER, r.vertices);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(r.vertex_data.size() * sizeof(ImDrawVert)),
               r.vertex_data.data(), GL_STREAM_DRAW);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(r.index_data.size() * sizeof(std::uint32_t)),
               r.index_data.data(), GL_STREAM_DRAW);

  const ImVec2 clip_offset = draw_data->DisplayPos;
  const ImVec2 clip_scale = draw_data->FramebufferScale;
  ImTextureID bound = nullptr;
  bool texture_bound = false;
  index_base = 0;
  for (const ImDrawList *list : draw_data->CmdLists) {
    for (const ImDrawCmd &cmd : list->CmdBuffer) {
      if (cmd.UserCallback != nullptr) {
        // The app adds no callbacks; ResetRenderState has nothing to reset here.
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) {
          cmd.UserCallback(list, &cmd);
        }
        continue;
      }
      const ImVec2 clip_min((cmd.ClipRect.x - clip_offset.x) * clip_scale.x,
                            (cmd.ClipRect.y - clip_offset.y) * clip_scale.y);
      const ImVec2 clip_max((cmd.ClipRect.z - clip_offset.x) * clip_scale.x,
                            (cmd.ClipRect.w - clip_offset.y) * clip_scale.y);
      if (clip_max.x <= clip_min.x || clip_max.y <= clip_min.y) {
        continue;
      }
      // GL's y axis points up.
      glScissor(static_cast<int>(clip_min.x), static_cast<int>(fb_height - clip_max.y),
                static_cast<int>(clip_max.x - clip_min.x), static_cast<int>(clip_max.y - clip_min.y));
      if (!texture_bound || cmd.GetTexID() != bound) {
        bound = cmd.GetTexID();
        texture_bound = true;
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::intptr_t>(bound)));
      }
      const std::size_t first = index_base + cmd.IdxOffset;
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), GL_UNSIGNED_INT,
                     reinterpret_cast<const void *>(first * sizeof(std::uint32_t)));
    }
    index_base += static_cast<std::size_t>(list->IdxBuffer.Size);
  }
  glDisable(GL_SCISSOR_TEST);
}

} // namespace veldwijzer::web
