// The one atomic-write mechanism (engine/io/bytes.h) against a hostile
// folder: exclusive temporary files, symbolic links at the target or planted
// under the old temporary name, stale temporary files, folders that cannot be
// written, keep_aside's .bak-N names; and parse_seed's range.
#include <dirent.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/io/bytes.h"
#include "engine/io/idx.h"

#ifndef GANSTEP_TEST_TMP_DIR
#error "GANSTEP_TEST_TMP_DIR must name a writable folder (set by tests/CMakeLists.txt)"
#endif

using namespace ganstep;

namespace {

// A fresh empty folder under the test scratch folder (what an earlier run
// left there removed, links themselves and not their targets).
std::string fresh_dir(const std::string& name) {
  const std::string dir = std::string(GANSTEP_TEST_TMP_DIR) + "/" + name;
  nftw(
      dir.c_str(),
      [](const char* p, const struct stat*, int, FTW*) {
        remove(p);
        return 0;
      },
      16, FTW_DEPTH | FTW_PHYS);
  mkdir(dir.c_str(), 0755);
  return dir;
}

std::string read_text(const std::string& path) {
  std::vector<std::uint8_t> b;
  if (!read_file_bytes(path, 1 << 20, b).empty()) return "(unreadable)";
  return std::string(b.begin(), b.end());
}

std::string write_text(const std::string& path, const std::string& text) {
  return write_file_atomic(path, reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

std::vector<std::string> names_in(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  REQUIRE(d);
  while (const dirent* e = readdir(d)) {
    const std::string n = e->d_name;
    if (n != "." && n != "..") out.push_back(n);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

bool is_link(const std::string& p) {
  struct stat st;
  return lstat(p.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

}  // namespace

TEST_CASE("atomic write: a new file, a replaced file, nothing else left behind", "[io]") {
  const std::string dir = fresh_dir("atomic-basic");
  REQUIRE(write_text(dir + "/a.txt", "one") == "");
  REQUIRE(write_text(dir + "/a.txt", "two") == "");
  CHECK(read_text(dir + "/a.txt") == "two");
  CHECK(names_in(dir) == std::vector<std::string>{"a.txt"});
#ifndef __EMSCRIPTEN__  // (node's files take node's umask, not the one Emscripten emulates)
  // The umask decides the mode (0666 & ~umask), as for any new file: not mkstemp's 0600.
  const mode_t mask = umask(022);
  umask(mask);
  REQUIRE(write_text(dir + "/b.txt", "x") == "");
  struct stat st;
  REQUIRE(stat((dir + "/b.txt").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == (0666 & ~mask));
#endif
}

TEST_CASE("atomic write: a symbolic link planted under the old temporary name is never written through",
          "[io]") {
  const std::string dir = fresh_dir("atomic-planted");
  const std::string victim = dir + "/victim.txt", target = dir + "/checkpoint.gsck";
  REQUIRE(write_text(victim, "precious") == "");
  REQUIRE(write_text(target, "old") == "");
  REQUIRE(symlink(victim.c_str(), (target + ".tmp").c_str()) == 0);
  REQUIRE(write_text(target, "new") == "");
  CHECK(read_text(victim) == "precious");
  CHECK(read_text(target) == "new");
  CHECK_FALSE(is_link(target));
  CHECK(is_link(target + ".tmp"));  // not ours: left alone
}

TEST_CASE("atomic write: a symbolic link AT the target is refused and left as it is", "[io]") {
  const std::string dir = fresh_dir("atomic-link-target");
  const std::string victim = dir + "/victim.txt", target = dir + "/metrics.csv";
  REQUIRE(write_text(victim, "precious") == "");
  REQUIRE(symlink(victim.c_str(), target.c_str()) == 0);
  CHECK(write_text(target, "new") ==
        target + ": is a symbolic link; refusing to replace it (remove the link, or write elsewhere)");
  CHECK(check_replaceable(target) == write_text(target, "new"));
  CHECK(read_text(victim) == "precious");
  CHECK(is_link(target));
  CHECK(names_in(dir) == (std::vector<std::string>{"metrics.csv", "victim.txt"}));
  // A dangling link too.
  const std::string dangling = dir + "/dangling.png";
  REQUIRE(symlink((dir + "/nowhere").c_str(), dangling.c_str()) == 0);
  CHECK_THAT(write_text(dangling, "x"), Catch::Contains("is a symbolic link"));
  struct stat st;
  CHECK(stat((dir + "/nowhere").c_str(), &st) != 0);
  // IDX files go through the same mechanism.
  IdxArray a;
  a.dims = {1};
  a.data = {7};
  CHECK_THAT(write_idx(target, a), Catch::Contains("is a symbolic link"));
  CHECK(read_text(victim) == "precious");
}

TEST_CASE("atomic write: stale temporary files of ours are removed, nothing else", "[io]") {
  const std::string dir = fresh_dir("atomic-stale");
  CHECK(is_temp_file_name("checkpoint.gsck.tmp-a1B2c3"));
  CHECK(is_temp_file_name("metrics.csv.tmp-zzzzzz"));
  CHECK_FALSE(is_temp_file_name("checkpoint.gsck.tmp"));
  CHECK_FALSE(is_temp_file_name("notes.tmp-12345"));
  CHECK_FALSE(is_temp_file_name("x.tmp-12345!"));
  CHECK_FALSE(is_temp_file_name(".tmp-abcdef"));
  REQUIRE(write_text(dir + "/checkpoint.gsck.tmp-a1B2c3", "partial") == "");
  REQUIRE(write_text(dir + "/keep.tmp", "user's") == "");
  REQUIRE(write_text(dir + "/other.tmp-1234567", "user's") == "");
  REQUIRE(write_text(dir + "/victim.txt", "precious") == "");
  REQUIRE(symlink((dir + "/victim.txt").c_str(), (dir + "/png.tmp-qwerty").c_str()) == 0);
  CHECK(remove_stale_temp_files(dir) == 1);
  CHECK(names_in(dir) ==
        (std::vector<std::string>{"keep.tmp", "other.tmp-1234567", "png.tmp-qwerty", "victim.txt"}));
  CHECK(read_text(dir + "/victim.txt") == "precious");
  CHECK(remove_stale_temp_files(dir + "/missing") == 0);
}

TEST_CASE("atomic write: folders that cannot take files are found before a long job", "[io]") {
  const std::string dir = fresh_dir("atomic-writable");
  CHECK(check_writable_dir(dir) == "");
  CHECK(names_in(dir).empty());  // the probe is gone
  CHECK_THAT(check_writable_dir(dir + "/missing"),
             Catch::StartsWith(dir + "/missing: cannot use the folder"));
  REQUIRE(write_text(dir + "/file", "x") == "");
  CHECK(check_writable_dir(dir + "/file") == dir + "/file: is not a folder");
  // A path through a regular file fails for every user, root included.
  CHECK_THAT(make_dirs(dir + "/file/sub/samples"),
             Catch::StartsWith(dir + "/file/sub: cannot create the folder"));
  CHECK(make_dirs(dir + "/a/b/c") == "");
  CHECK(check_writable_dir(dir + "/a/b/c") == "");
  REQUIRE(mkdir((dir + "/folder.csv").c_str(), 0755) == 0);
  CHECK(check_replaceable(dir + "/folder.csv") ==
        dir + "/folder.csv: is a folder, not a file; cannot replace it");
  CHECK(check_replaceable(dir + "/absent.csv") == "");
  if (geteuid() != 0) {  // root ignores permissions
    REQUIRE(chmod((dir + "/a").c_str(), 0555) == 0);
    CHECK_THAT(check_writable_dir(dir + "/a"), Catch::StartsWith(dir + "/a: cannot write in this folder"));
    chmod((dir + "/a").c_str(), 0755);
  }
}

TEST_CASE("make_dir and path_exists: one folder, never its parents", "[io]") {
  const std::string dir = fresh_dir("io-make-dir");
  CHECK_FALSE(path_exists(dir + "/cache"));
  CHECK(make_dir(dir + "/cache") == "");
  CHECK(path_exists(dir + "/cache"));
  CHECK(make_dir(dir + "/cache") == "");  // already a folder
  CHECK_THAT(make_dir(dir + "/missing/cache"), Catch::StartsWith(dir + "/missing/cache: cannot create the folder ("));
  CHECK_FALSE(path_exists(dir + "/missing"));
  REQUIRE(write_text(dir + "/file", "x") == "");
  CHECK(path_exists(dir + "/file"));
  CHECK_THAT(make_dir(dir + "/file"), Catch::StartsWith(dir + "/file: cannot create the folder ("));
}

TEST_CASE("keep_aside: the first free .bak-N, never over another file", "[io]") {
  const std::string dir = fresh_dir("atomic-bak");
  const std::string path = dir + "/metrics.csv";
  REQUIRE(write_text(path, "first") == "");
  std::string kept;
  REQUIRE(keep_aside(path, kept) == "");
  CHECK(kept == path + ".bak-1");
  REQUIRE(write_text(path, "second") == "");
  REQUIRE(write_text(path + ".bak-2", "someone's") == "");
  REQUIRE(keep_aside(path, kept) == "");
  CHECK(kept == path + ".bak-3");
  CHECK(read_text(path + ".bak-1") == "first");
  CHECK(read_text(path + ".bak-2") == "someone's");
  CHECK(read_text(path + ".bak-3") == "second");
  struct stat st;
  CHECK(stat(path.c_str(), &st) != 0);
}

TEST_CASE("parse_seed: integers 0..2^53, nothing else", "[rng]") {
  std::uint64_t s = 99;
  CHECK(parse_seed("0", s) == "");
  CHECK(s == 0);
  CHECK(parse_seed("9007199254740992", s) == "");
  CHECK(s == kMaxSeed);
  for (const char* bad : {"-1", "9007199254740993", "18446744073709551615", "18446744073709551616", "", " 1",
                          "+1", "1e3", "0x10", "1.0"}) {
    INFO(bad);
    s = 5;
    CHECK(parse_seed(bad, s) == "\"" + std::string(bad) + "\" is not a seed (an integer 0..2^53)");
    CHECK(s == 5);
  }
  CHECK(parse_seed(std::string(1000, '7'), s).size() < 160);  // the echo is clipped
}
