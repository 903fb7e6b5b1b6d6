// png_check FILE.png [MIN_COLOURS] [MIN_WIDTH MIN_HEIGHT]
// Exits 0 when the image loads, is at least the given size, and holds at
// least MIN_COLOURS distinct colours (default 50): a rendered player frame,
// not a blank or single-colour window.
#include <stb_image.h>  // implementation in libstb

#include <cstdio>
#include <cstdlib>
#include <unordered_set>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: png_check FILE.png [MIN_COLOURS] [MIN_WIDTH MIN_HEIGHT]\n");
    return 2;
  }
  const long min_colours = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 50;
  const long min_w = argc > 4 ? std::strtol(argv[3], nullptr, 10) : 1;
  const long min_h = argc > 4 ? std::strtol(argv[4], nullptr, 10) : 1;
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
  if (!px) {
    std::fprintf(stderr, "png_check: cannot read %s: %s\n", argv[1], stbi_failure_reason());
    return 1;
  }
  std::unordered_set<unsigned> colours;
  for (long i = 0; i < static_cast<long>(w) * h; ++i)
    colours.insert((unsigned(px[3 * i]) << 16) | (unsigned(px[3 * i + 1]) << 8) | px[3 * i + 2]);
  stbi_image_free(px);
  const bool ok = static_cast<long>(colours.size()) >= min_colours && w >= min_w && h >= min_h;
  std::printf("png_check: %s: %dx%d, %zu distinct colours (need >= %ld): %s\n", argv[1], w, h, colours.size(),
              min_colours, ok ? "ok" : "FAIL");
  return ok ? 0 : 1;
}
