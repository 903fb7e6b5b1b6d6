// Lesson subcommands:
//   ganstep check FILE... [--link STRING]...   problems as FILE:LINE:COL: error: ...; exit 1 if any
//                                              (warnings too, FILE:LINE:COL: warning: ...; they do not fail)
//   ganstep lessons [--json] [--keys]          the built-in lessons (or every lesson-file key)
//   ganstep share FILE                         the lesson as a link fragment (#lesson=1.…)
#include <algorithm>
#include <cstdio>
#include <string>

#include "engine/io/json.h"
#include "lessons/format/library.h"
#include "lessons/format/share.h"
#include "native/cli/commands.h"

namespace ganstep::cli {

int check_command(const CheckOptions& o) {
  if (o.files.empty() && o.links.empty()) {
    std::fprintf(stderr, "ganstep: error: check needs lesson files or --link STRING\n");
    return 2;
  }
  bool any = false;
  auto report = [&](const std::string& name, const lessons::LoadResult& r) {
    std::vector<lessons::Problem> all = r.problems;  // errors and warnings, in the file's order
    all.insert(all.end(), r.warnings.begin(), r.warnings.end());
    std::stable_sort(all.begin(), all.end(), [](const lessons::Problem& a, const lessons::Problem& b) {
      return a.line != b.line ? a.line < b.line : a.col < b.col;
    });
    for (const auto& p : all) std::fputs(lessons::format_problem(name, p).c_str(), stdout);
    if (!r.ok()) {
      any = true;
      return;
    }
    if (r.warnings.empty()) std::printf("%s: ok\n", name.c_str());
    else std::printf("%s: ok, with %zu warning%s\n", name.c_str(), r.warnings.size(), r.warnings.size() == 1 ? "" : "s");
  };
  for (const auto& f : o.files) report(f, lessons::load_lesson_file(f));
  for (const auto& l : o.links) report("<link>", lessons::parse_share_link(l));
  std::fflush(stdout);
  return any ? 1 : 0;
}

int lessons_command(const LessonsOptions& o) {
  if (o.keys) {
    for (const auto& k : lessons::lesson_keys()) {
      const std::string where = k.section.empty() ? k.key : (k.section == "beat" ? "[[beat]] " : "[" + k.section + "] ") + k.key;
      std::printf("%-28s %-26s %s%s%s\n", where.c_str(), k.type.c_str(), k.required ? "(required) " : "",
                  k.help.c_str(), k.config_key.empty() || k.config_key == k.key ? "" : (" [engine key " + k.config_key + "]").c_str());
    }
    return 0;
  }
  const auto& lib = lessons::library_lessons();
  for (const auto& p : lessons::library_problems())
    std::fputs(lessons::format_problem("lessons/library/" + p.first, p.second).c_str(), stderr);
  if (o.json) {
    std::string items;
    for (const auto& l : lib) {
      Json j;
      j.field("id", l.id).field("title_en", l.title.en).field("title_pt", l.title.pt);
      j.field("summary_en", l.summary.en).field("summary_pt", l.summary.pt);
      j.field("order", l.order).field("level", lessons::level_name(l.level)).field("minutes", l.minutes);
      j.field("beats", static_cast<int>(l.beats.size())).field("iterations", static_cast<long long>(l.iterations));
      items += (items.empty() ? "" : ",") + j.str();
    }
    std::string aliases;
    for (const auto& a : lessons::alias_ids()) aliases += (aliases.empty() ? "" : ",") + Json::quote(a);
    std::printf("{\"lessons\":[%s],\"aliases\":[%s]}\n", items.c_str(), aliases.c_str());
    return 0;
  }
  for (const auto& l : lib) std::printf("%-16s %s | %s\n", l.id.c_str(), l.title.en.c_str(), l.title.pt.c_str());
  std::string aliases;
  for (const auto& a : lessons::alias_ids()) aliases += (aliases.empty() ? "" : ", ") + a;
  std::printf("aliases (engine presets, no narration): %s\n", aliases.c_str());
  return 0;
}

int share_command(const ShareOptions& o) {
  lessons::LoadResult r = lessons::looks_like_path(o.file) ? lessons::load_lesson_file(o.file) : lessons::find_lesson(o.file);
  if (!r.ok()) {
    for (const auto& p : r.problems) std::fputs(lessons::format_problem(o.file, p).c_str(), stderr);
    return 1;
  }
  std::string error;
  std::string fragment = lessons::make_share_fragment(r.lesson, &error);
  if (fragment.empty()) {
    std::fprintf(stderr, "ganstep: error: %s: %s\n", o.file.c_str(), error.c_str());
    return 1;
  }
  // The link must read back (same validator) before we hand it out.
  lessons::LoadResult back = lessons::parse_share_link(fragment);
  if (!back.ok()) {
    for (const auto& p : back.problems) std::fputs(lessons::format_problem("<link>", p).c_str(), stderr);
    std::fprintf(stderr, "ganstep: error: %s cannot be shared as a link\n", o.file.c_str());
    return 1;
  }
  std::printf("%s\n", fragment.c_str());
  return 0;
}

}  // namespace ganstep::cli
