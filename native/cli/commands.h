// The `ganstep` CLI's subcommands. Each returns the process exit code:
//   0 ok, 1 a problem in the user's input or files, 2 bad usage, 3 the run diverged.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ganstep::cli {

struct RunOptions {
  std::string lesson;
  long long steps = 100;
  std::uint64_t seed = 0;  // 0..2^53 (parse_seed)
  bool has_seed = false;
  bool has_steps = false;  // --steps given (image lessons default to the lesson's iterations)
  std::vector<std::string> settings;  // key=value
  bool fast = false;  // --fast: the same as --set mode=fast (engine/core/math_mode.h)
  bool json = false;
  bool beats = false;      // follow the lesson's script (set/reset actions), print beats as they fire
  std::string lang = "en";  // the language of printed beats
  std::vector<std::string> answers;  // --answer BEAT=VALUE (lessons/run/preview.h); implies beats
  std::string samples;     // --samples OUT.csv: G's samples at the end (1-D and 2-D lessons)
  // image lessons
  int batch = -1;            // -1: the lesson's
  int threads = 0;           // 0: the default
  std::string data;          // --data DIR
  std::string out;           // --out DIR (default runs/LESSON)
  bool resume = false;
  std::string resume_from;   // --resume-from FILE: continue from this checkpoint (implies --resume)
  long long sample_every = 100;
  double checkpoint_minutes = 10;  // a checkpoint at least this often, whatever --sample-every says
  // a growing image lesson (engine/nn/growing.h): the Fréchet distance every
  // fd_every iterations and at each stage's end, against the same nets at full
  // size from iteration 0 (unless no_compare), to fd_target (0: the worse final FD)
  long long fd_every = 100;
  double fd_target = 0;
  bool no_compare = false;
  bool from_scratch = false;  // [latent] lessons: train the starting models now, not from the cache
  int compare_digits = 10;    // [latent] lessons: held-out digits in the updates-to-target comparison (0: none)
};

struct InvertOptions {
  std::string image;       // --image DIGIT.png
  std::string checkpoint;  // --checkpoint C ("": the set-up's trained G of find-latent)
  std::string out;         // --out PREFIX: PREFIX.npy, PREFIX.png
  std::string data;        // --data DIR
  long long updates = 500;
  int starts = 4;
  std::uint64_t seed = 1;
  bool encoder = false;
  bool json = false;
};

struct DetectOptions {
  std::string images;      // --images DIR: 28x28 PNG digits
  std::string out;         // --out FILE.csv ("": the CSV on stdout)
  std::string checkpoint;  // --checkpoint C ("": the set-up's trained G and D of detect-fakes)
  std::string data;        // --data DIR
  int updates = 30;        // re-synthesis updates per digit
  bool json = false;
};

struct ModelsOptions {
  std::string data;  // --data DIR
  bool json = false;
};

struct BenchOptions {
  std::string preset = "tiny-2d";
  std::string target;  // bench point LESSON
  long long iterations = 2000;
  int repeats = 7;
  bool json = false;
  // image benchmarks (ganstep bench dcgan)
  int batch = 64;
  int threads = 0;
  bool has_iterations = false, has_repeats = false;
  bool profile = false;
  bool fast = false;  // --fast: fast mode (engine/core/math_mode.h)  // --profile: per-layer forward/backward times of the last repeat
  std::string gemm_kernel;  // --gemm-kernel NAME: exact mode's packed GEMM kernel (default: the widest)
};

struct QualityOptions {
  std::string data;  // --data DIR: a folder of MNIST IDX files (default: the set-up's)
  bool json = false;
};

// `ganstep sample` (sample_command.cpp).
constexpr long long kMaxSamples = 60000;  // 188 MB of 28 x 28 float32 samples
struct SampleOptions {
  std::string source;  // a lesson (id or .toml) or a checkpoint (.gsck)
  long long n = 0;
  std::string out;     // FILE.npy or a folder of PNGs
  std::uint64_t seed = 0;
  bool has_seed = false;
  long long steps = 0;
  bool has_steps = false;
  int threads = 0;
  std::string data;
};

struct CheckOptions {
  std::vector<std::string> files;
  std::vector<std::string> links;
};

struct LessonsOptions {
  bool json = false;
  bool keys = false;  // list every key a lesson file may hold
};

struct ShareOptions {
  std::string file;
};

int run_command(const RunOptions& o);
int check_command(const CheckOptions& o);
int lessons_command(const LessonsOptions& o);
int share_command(const ShareOptions& o);
int bench_command(const BenchOptions& o);
int quality_command(const QualityOptions& o);
int sample_command(const SampleOptions& o);
int invert_command(const InvertOptions& o);
int models_command(const ModelsOptions& o);
int detect_command(const DetectOptions& o);

}  // namespace ganstep::cli
