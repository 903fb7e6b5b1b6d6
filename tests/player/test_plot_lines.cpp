// plot_line draws a long, steep series with at most two vertices per pixel
// column: one continuous line within a 16-bit-index draw list (WebGL2 has no
// vertex offsets; a draw list past 65,536 vertices drew curves in pieces).
#include <catch2/catch.hpp>

#include <vector>

#include "imgui.h"
#include "lessons/player/plot.h"

using namespace ganstep::ui;

TEST_CASE("plot_line: a 200,000-point steep curve costs a few vertices per pixel column", "[plot]") {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(800, 600);
  unsigned char* px = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(500, 400));
  ImGui::Begin("chart");
  PlotSpec spec;
  spec.x0 = 0;
  spec.x1 = 200000;
  spec.y0 = 0;
  spec.y1 = 5;
  PlotArea a = plot_begin("##steep", ImVec2(400, 300), spec);
  std::vector<float> xs, ys;
  for (int i = 0; i < 200000; ++i) {
    xs.push_back(static_cast<float>(i));
    ys.push_back(i % 2 ? 0.7f : 4.5f);  // a loss jumping every iteration
  }
  const int before = a.dl->VtxBuffer.Size;
  plot_line(a, xs.data(), ys.data(), static_cast<int>(xs.size()), IM_COL32(200, 80, 0, 255), 1.5f);
  const int used = a.dl->VtxBuffer.Size - before;
  const float columns = a.p1.x - a.p0.x;
  CHECK(used > 0);
  CHECK(used <= static_cast<int>(4 * (2 * columns + 4)));  // AddPolyline: up to 4 vertices per point
  // A path that is not a function of x (a trajectory) is drawn whole.
  const float px_[] = {1, 3, 2, 4}, py_[] = {1, 2, 3, 4};
  const int before_path = a.dl->VtxBuffer.Size;
  plot_line(a, px_, py_, 4, IM_COL32(0, 0, 0, 255), 1.5f);
  CHECK(a.dl->VtxBuffer.Size - before_path >= 4 * 3);
  plot_end(a);
  ImGui::End();
  ImGui::Render();
  ImGui::DestroyContext();
}
