// Replays a fuzz corpus through a fuzz target built with the normal compiler:
// every file of DIR is passed to TARGET's LLVMFuzzerTestOneInput (renamed
// fuzz_one_TARGET by fuzz/CMakeLists.txt). A target signals a failed check
// with __builtin_trap, so a bad input ends this program with a signal and the
// CTest test (fuzz_replay_TARGET) fails; the name of the file is printed first.
//   usage: ganstep_fuzz_replay TARGET DIR
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#define FUZZ_TARGETS(X) X(lesson) X(idx) X(checkpoint) X(csv) X(share) X(expr)
#define DECLARE(name)                                                                         \
  extern "C" int fuzz_one_##name(const std::uint8_t* data, std::size_t size);                 \
  extern "C" int fuzz_init_##name(int* argc, char*** argv) __attribute__((weak));
FUZZ_TARGETS(DECLARE)

namespace {

struct Target {
  const char* name;
  int (*one)(const std::uint8_t*, std::size_t);
  int (*init)(int*, char***);
};

#define ENTRY(name) Target{#name, fuzz_one_##name, fuzz_init_##name},
const Target kTargets[] = {FUZZ_TARGETS(ENTRY)};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: ganstep_fuzz_replay TARGET DIR\n");
    return 2;
  }
  const Target* t = nullptr;
  for (const Target& k : kTargets)
    if (std::strcmp(k.name, argv[1]) == 0) t = &k;
  if (!t) {
    std::fprintf(stderr, "ganstep_fuzz_replay: unknown target \"%s\"\n", argv[1]);
    return 2;
  }
  if (t->init) t->init(&argc, &argv);
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(argv[2], ec))
    if (e.is_regular_file()) files.push_back(e.path());
  if (ec || files.empty()) {
    std::fprintf(stderr, "ganstep_fuzz_replay: no corpus files in %s\n", argv[2]);
    return 1;
  }
  std::sort(files.begin(), files.end());
  std::size_t bytes = 0;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    const std::vector<char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      std::fprintf(stderr, "ganstep_fuzz_replay: cannot read %s\n", f.c_str());
      return 1;
    }
    std::fprintf(stderr, "%s\n", f.filename().c_str());
    // libFuzzer never passes a null pointer; an empty input is a valid pointer and size 0.
    const std::uint8_t empty = 0;
    t->one(data.empty() ? &empty : reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
    bytes += data.size();
  }
  std::printf("%s: replayed %zu files (%zu bytes), no crash\n", t->name, files.size(), bytes);
  return 0;
}
