// Player::screen_reader_json: what the narration panel and the Algorithm 1
// panel show, as text for the page's aria-live region (web/a11y.js). The
// narration's markdown goes through the one parser (lessons/format/markdown.h)
// and reaches the page as blocks of spans, never as HTML.
#include <cstdio>
#include <string>

#include "engine/gan/trainer.h"
#include "engine/io/json.h"
#include "lessons/format/markdown.h"
#include "lessons/player/player.h"
#include "lessons/player/player_impl.h"

namespace ganstep::ui {
namespace {

std::string spans_json(const std::vector<lessons::Span>& spans) {
  std::string j = "[";
  for (const lessons::Span& s : spans) {
    if (j.size() > 1) j += ",";
    Json sj;
    sj.field("text", s.text).field("bold", s.bold).field("italic", s.italic);
    if (s.code) sj.field("code", true);
    j += sj.str();
  }
  return j + "]";
}

// {kind: "h"|"p"|"li"|"table", level, spans}; "li" also has depth, ordered and
// (numbered) number; "table" has rows: [[cell spans]] and header_rows.
std::string blocks_json(const std::string& text) {
  std::string j = "[";
  for (const lessons::Block& b : lessons::parse_markdown(text)) {
    if (j.size() > 1) j += ",";
    const char* kind = b.kind == lessons::BlockKind::Heading    ? "h"
                       : b.kind == lessons::BlockKind::ListItem ? "li"
                       : b.kind == lessons::BlockKind::Table    ? "table"
                                                                : "p";
    Json bj;
    bj.field("kind", kind).field("level", b.level).raw("spans", spans_json(b.spans));
    if (b.kind == lessons::BlockKind::ListItem) {
      bj.field("depth", b.depth).field("ordered", b.ordered);
      if (b.ordered) bj.field("number", b.number);
    }
    if (b.kind == lessons::BlockKind::Table) {
      std::string rows = "[";
      for (const auto& row : b.rows) {
        std::string cells = "[";
        for (const auto& cell : row) cells += (cells.size() > 1 ? "," : "") + spans_json(cell);
        rows += (rows.size() > 1 ? "," : "") + cells + "]";
      }
      bj.raw("rows", rows + "]").field("header_rows", b.header_rows);
    }
    j += bj.str();
  }
  return j + "]";
}

}  // namespace

std::string Player::screen_reader_json() const {
  const PlayerImpl& p = *impl_;
  const lessons::Lesson& lesson = p.lesson();
  const run::Narration& n = p.session.narration();
  const lessons::Lang l = p.text_lang();
  Json j;
  j.field("lang", p.lang == Lang::Pt ? "pt" : "en").field("lesson", lesson.id).field("title", lesson.title.get(l));
  const int page = p.narration_page();
  if (page < 0) {
    j.raw("blocks", blocks_json(lesson.summary.get(l)));
  } else {
    const run::FiredBeat& fired = n.fired[static_cast<std::size_t>(page)];
    const int index = fired.beat;
    const lessons::Beat& beat = lesson.beats[static_cast<std::size_t>(index)];
    // Texts as the narration panel shows them: live values and control names filled in.
    auto text = [&](const lessons::Text& t) { return p.beat_text(t.get(l), fired); };
    j.raw("blocks", blocks_json(text(beat.text)));
    if (beat.question) {
      const lessons::Question& q = *beat.question;
      const lessons::Answer& given = n.answers[static_cast<std::size_t>(index)];
      std::string choices = "[";
      for (std::size_t c = 0; c < q.choices.size(); ++c) choices += (c ? "," : "") + Json::quote(text(q.choices[c]));
      const char* kind = q.kind == lessons::AnswerKind::Choice ? "choice" : q.kind == lessons::AnswerKind::Number ? "number" : "text";
      Json qj;
      qj.field("beat", index).raw("prompt", blocks_json(text(q.prompt))).raw("choices", choices + "]");
      qj.field("open", !given.given() && n.script.awaiting_answer() && n.script.question_beat() == index);
      if (q.kind == lessons::AnswerKind::Choice) qj.field("given", given.choice);
      else qj.field("given", given.text);
      if (given.given()) {  // as the panel says it: "Your answer: b", "Right!", the feedback
        char said[512];
        std::snprintf(said, sizeof said, p.t(S::YourAnswer), p.said(q, given, fired).c_str());
        const bool right = lessons::answer_right(q, given);
        if (q.kind != lessons::AnswerKind::Text) qj.field("right", right);
        qj.field("your_answer", said);
        if (q.kind != lessons::AnswerKind::Text) {  // a free text is never right or wrong
          std::string verdict = p.t(right ? S::Right : S::NotQuite);
          if (!right && q.kind == lessons::AnswerKind::Number)
            verdict += " " + fmt_num(p.lang, p.t(S::RightNumberIs), q.number, q.tolerance);
          qj.field("verdict", verdict);
        }
        qj.raw("feedback", blocks_json(text(q.feedback)));
      }
      qj.field("kind", kind);
      if (q.kind != lessons::AnswerKind::Choice)  // the page's input field
        qj.field("placeholder", p.t(q.kind == lessons::AnswerKind::Number ? S::TypeNumber : S::TypeText));
      j.raw("question", qj.str());
    }
  }
  const S status = n.script.awaiting_answer() ? S::AnswerToGoOn : n.script.finished() ? S::LessonEnd : S::NextBeatWaits;
  j.field("status", p.t(status)).field("iteration", static_cast<long long>(p.session.iterations()));
  Json labels;  // the player's own button names, for the page's DOM buttons
  labels.field("play", p.t(S::Play)).field("pause", p.t(S::Pause)).field("step_phase", p.t(S::StepPhase));
  labels.field("step_iteration", p.t(S::StepIteration)).field("back_phase", p.t(S::BackPhase));
  labels.field("back_iteration", p.t(S::BackIteration)).field("lesson", p.t(S::Lesson));
  // A critic's mean scores are no probabilities: "mean f(x)" (config.h, Objective).
  const bool prob = p.kind() != run::RunKind::Point || d_outputs_probability(p.trainer().config().objective);
  // (image lessons train with objective gan only: engine/gan/trainer.cpp)
  labels.field("d_real", p.t(prob ? S::ChDReal : S::ChDRealF)).field("d_fake", p.t(prob ? S::ChDFake : S::ChDFakeF));
  labels.field("loss_d", p.t(prob ? S::ChLossD : S::ChLossDObj));
  labels.field("loss_g", p.t(S::ChLossG)).field("answer", p.t(S::Answer));
  j.raw("labels", labels.str()).field("playing", p.play.playing);
  if (p.kind() == run::RunKind::Point || p.kind() == run::RunKind::Image) {  // they run Algorithm 1's phases
    const int line = algorithm_line(algo_position(p).phase);
    j.field("algorithm_line", line).field("algorithm_text", p.algorithm_line_text(line));
  }
  if (p.problems.open) {  // the problems window: a lesson that did not open, or warnings about one that did
    std::string lines = "[";
    for (const std::string& s : p.problems.lines) lines += (lines.size() > 1 ? "," : "") + Json::quote(s);
    Json pj;
    pj.field("title", p.t(p.problems.warnings_only ? S::WinWarnings : S::WinProblems)).field("name", p.problems.title);
    pj.field("warnings_only", p.problems.warnings_only).raw("lines", lines + "]");
    j.raw("problems", pj.str());
  }
  return j.str();
}

}  // namespace ganstep::ui
