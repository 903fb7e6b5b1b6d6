// The files of an image run's --out folder that outlive a run (image_run.cpp
// writes them):
//   metrics.csv             one row per sample point (kCsvHeader). On resume
//                           read_metrics_for_resume keeps the rows up to the
//                           checkpoint: CRLF line ends and a UTF-8 BOM are
//                           accepted, later rows are dropped with a notice,
//                           and a file it cannot parse (or over 64 MiB) is
//                           kept aside as metrics.csv.bak-N, never overwritten.
//   checkpoint.gsck         the latest checkpoint; checkpoint-NNNNNN.gsck the
//                           last kKeptCheckpoints of them (--resume-from).
//   settings.csv            iteration,setting,from,to: each live setting a
//                           resume changed (--resume --set lr_d=...).
// check_run_folder looks at all of them before iteration 1.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/gan/trainer.h"
#include "engine/gan/quality.h"
#include "engine/gan/image_checkpoint.h"

namespace ganstep::cli {

extern const char* const kCsvHeader;
constexpr int kKeptCheckpoints = 3;
constexpr std::size_t kMaxMetricsBytes = std::size_t(64) << 20;

// One row of metrics.csv.
struct Row {
  std::int64_t iteration = 0;
  StepStats stats;
  double images_per_s = 0;
  bool has_quality = false;
  QualityReport quality;
};
std::string csv_row(const Row& r);
// Parses a row (CR and BOM already removed); false when it is not one.
bool parse_csv_row(const std::string& line, Row& r);

// What a resumed run keeps of metrics.csv.
struct KeptMetrics {
  std::string rows;  // the kept rows, each ending in '\n' (no header)
  Row last;          // the last kept row (when has_last)
  bool has_last = false;
  std::vector<std::string> notices;  // what was dropped or set aside, for stderr
};
// Reads PATH for a run resumed at `iteration`. "" or an error (only when a
// file that could not be read could not be set aside either).
std::string read_metrics_for_resume(const std::string& path, std::int64_t iteration, KeptMetrics& out);

// OUT/checkpoint-NNNNNN.gsck
std::string kept_checkpoint_path(const std::string& out, std::int64_t iteration);
// The kept checkpoints in OUT, by iteration.
std::vector<std::pair<std::int64_t, std::string>> kept_checkpoints(const std::string& out);
// Writes the checkpoint of iteration `iteration` as OUT/checkpoint-NNNNNN.gsck
// and OUT/checkpoint.gsck (each atomically), then removes kept ones beyond the
// last kKeptCheckpoints at or before `iteration` (later ones, from a run that
// went back with --resume-from, stay until overwritten). "" or an error.
std::string save_run_checkpoint(const std::string& out, const std::vector<std::uint8_t>& bytes,
                                std::int64_t iteration);

// Appends the changes to OUT/settings.csv (header iteration,setting,from,to).
std::string record_setting_changes(const std::string& out, std::int64_t iteration,
                                   const std::vector<SettingChange>& changes);

// Before iteration 1: makes OUT/samples, removes our stale temporary files in
// OUT, OUT/samples and OUT/generator (a kill mid-write leaves them), checks
// that files can be written in those folders and that no output is a symbolic
// link or a folder. "" or an error naming the path; removed_temp counts files.
std::string check_run_folder(const std::string& out, int& removed_temp);

}  // namespace ganstep::cli
