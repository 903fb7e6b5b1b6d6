// The run folder's lasting files (run_files.h). Sections: metrics.csv rows,
// metrics.csv on resume, kept checkpoints, settings.csv, the folder check.
#include "native/cli/run_files.h"

#include "engine/core/text.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "engine/io/bytes.h"

namespace ganstep::cli {

const char* const kCsvHeader =
    "iteration,loss_d,loss_g,d_real,d_fake,images_per_s,frechet,top_class,confidence,"
    "class_0,class_1,class_2,class_3,class_4,class_5,class_6,class_7,class_8,class_9";

namespace {

std::string text_of(const std::vector<std::uint8_t>& b) { return std::string(b.begin(), b.end()); }

std::string write_text(const std::string& path, const std::string& text) {
  return write_file_atomic(path, reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

bool is_dir(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

// ---- metrics.csv rows ------------------------------------------------------------

std::string csv_row(const Row& r) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%lld,%.9g,%.9g,%.9g,%.9g,%.6g", static_cast<long long>(r.iteration),
                r.stats.loss_d, r.stats.loss_g, r.stats.d_real, r.stats.d_fake, r.images_per_s);
  std::string s = buf;
  if (!r.has_quality) return s + ",,,,,,,,,,,,,";
  std::snprintf(buf, sizeof buf, ",%.6g,%d,%.6g", r.quality.frechet, r.quality.top_class,
                r.quality.confidence);
  s += buf;
  for (double h : r.quality.class_hist) {
    std::snprintf(buf, sizeof buf, ",%.4g", h);
    s += buf;
  }
  return s;
}

bool parse_csv_row(const std::string& line, Row& r) {
  long long it = -1;
  double ld, lg, dr, df, ips, fd, conf;
  int top;
  const int got = std::sscanf(line.c_str(), "%lld,%lf,%lf,%lf,%lf,%lf,%lf,%d,%lf", &it, &ld, &lg, &dr, &df,
                              &ips, &fd, &top, &conf);
  if (got < 5 || it < 0 || std::count(line.begin(), line.end(), ',') != 18) return false;
  r = Row{};
  r.iteration = it;
  r.stats.loss_d = ld;
  r.stats.loss_g = lg;
  r.stats.d_real = dr;
  r.stats.d_fake = df;
  r.images_per_s = got >= 6 ? ips : 0;
  r.has_quality = got == 9;
  if (r.has_quality) {
    r.quality.frechet = fd;
    r.quality.top_class = top;
    r.quality.confidence = conf;
  }
  return true;
}

// ---- metrics.csv on resume ----------------------------------------------------------

std::string read_metrics_for_resume(const std::string& path, std::int64_t iteration, KeptMetrics& out) {
  out = KeptMetrics{};
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return "";  // no file: the resumed run starts one
  std::vector<std::uint8_t> bytes;
  std::string problem = read_file_bytes(path, kMaxMetricsBytes, bytes);
  std::string text = text_of(bytes);
  if (problem.empty() && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);  // a UTF-8 BOM
  std::size_t at = 0, line_no = 0, bad = 0, first_bad = 0, dropped = 0;
  bool header = false;
  while (problem.empty() && at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();  // a last line without '\n' (a spreadsheet's save)
    std::string line = text.substr(at, end - at);
    at = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();  // CRLF
    if (line.empty()) continue;
    if (!header) {
      if (line != kCsvHeader) {
        problem = path + ":" + std::to_string(line_no) + ": not metrics.csv's header (" + quote_input(line) + ")";
      }
      header = true;
      continue;
    }
    Row r;
    if (!parse_csv_row(line, r)) {
      if (bad++ == 0) first_bad = line_no;
      continue;
    }
    if (r.iteration > iteration) {
      ++dropped;
      continue;
    }
    out.rows += line + "\n";
    out.last = r;
    out.has_last = true;
  }
  if (problem.empty() && bad > 0)
    problem =
        path + ":" + std::to_string(first_bad) + ": " + std::to_string(bad) + " row(s) are not metrics rows";
  if (!problem.empty()) {
    std::string kept_as;
    const std::string e = keep_aside(path, kept_as);
    if (!e.empty()) return problem + "; and it cannot be kept aside: " + e;
    out.notices.push_back(
        problem + "; the file is kept as " + kept_as + " and metrics.csv continues with the " +
        std::to_string(std::count(out.rows.begin(), out.rows.end(), '\n')) + " row(s) that could be read");
  }
  if (dropped > 0)
    out.notices.push_back(path + ": dropped " + std::to_string(dropped) + " row(s) after iteration " +
                          std::to_string(iteration) +
                          " (written after the checkpoint; the resumed run writes its own)");
  return "";
}

// ---- kept checkpoints --------------------------------------------------------------

std::string kept_checkpoint_path(const std::string& out, std::int64_t iteration) {
  char name[64];
  std::snprintf(name, sizeof name, "/checkpoint-%06lld.gsck", static_cast<long long>(iteration));
  return out + name;
}

std::vector<std::pair<std::int64_t, std::string>> kept_checkpoints(const std::string& out) {
  std::vector<std::pair<std::int64_t, std::string>> found;
  DIR* d = opendir(out.c_str());
  if (!d) return found;
  while (const dirent* e = readdir(d)) {
    const std::string n = e->d_name;
    if (n.size() < 17 || n.compare(0, 11, "checkpoint-") != 0 || n.compare(n.size() - 5, 5, ".gsck") != 0)
      continue;
    const std::string digits = n.substr(11, n.size() - 16);
    if (digits.empty() || digits.size() > 12 || digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    found.emplace_back(std::atoll(digits.c_str()), out + "/" + n);
  }
  closedir(d);
  std::sort(found.begin(), found.end());
  return found;
}

std::string save_run_checkpoint(const std::string& out, const std::vector<std::uint8_t>& bytes,
                                std::int64_t iteration) {
  std::string e = write_file_atomic(kept_checkpoint_path(out, iteration), bytes.data(), bytes.size());
  if (e.empty()) e = write_file_atomic(out + "/checkpoint.gsck", bytes.data(), bytes.size());
  if (!e.empty()) return e;
  int at_or_before = 0;
  const auto kept = kept_checkpoints(out);
  for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
    if (it->first > iteration) continue;
    if (++at_or_before > kKeptCheckpoints) std::remove(it->second.c_str());
  }
  return "";
}

// ---- settings.csv --------------------------------------------------------------------

std::string record_setting_changes(const std::string& out, std::int64_t iteration,
                                   const std::vector<SettingChange>& changes) {
  if (changes.empty()) return "";
  const std::string path = out + "/settings.csv";
  std::vector<std::uint8_t> bytes;
  std::string text;
  struct stat st;
  if (lstat(path.c_str(), &st) == 0) {
    const std::string e = read_file_bytes(path, kMaxMetricsBytes, bytes);
    if (!e.empty()) return e;
    text = text_of(bytes);
    if (!text.empty() && text.back() != '\n') text += "\n";
  }
  if (text.empty()) text = "iteration,setting,from,to\n";
  for (const SettingChange& c : changes)
    text += std::to_string(iteration) + "," + c.key + "," + c.from + "," + c.to + "\n";
  return write_text(path, text);
}

// ---- the folder check ----------------------------------------------------------------

std::string check_run_folder(const std::string& out, int& removed_temp) {
  removed_temp = 0;
  std::string e = make_dirs(out + "/samples");
  if (!e.empty()) return e;
  for (const std::string& dir : {out, out + "/samples", out + "/generator"}) {
    if (!is_dir(dir)) continue;
    removed_temp += remove_stale_temp_files(dir);
    e = check_writable_dir(dir);
    if (!e.empty()) return e;
  }
  for (const char* file :
       {"/metrics.csv", "/checkpoint.gsck", "/settings.csv", "/samples/latest.png", "/generator/spec.txt"}) {
    e = check_replaceable(out + file);
    if (!e.empty()) return e;
  }
  return "";
}

}  // namespace ganstep::cli
