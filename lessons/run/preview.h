// Preview = play: the state a student reaches by playing a lesson to
// iteration N and answering its questions, for `ganstep run --steps N
// --answer BEAT=CHOICE`, `ganstep-player LESSON --steps N --answer ...` and
// the page's ?step=. One rule, used by all of them:
//
//   A question is answered at the end of the iteration in which it is asked
//   (where playing pauses): with the answer given for its beat, else with its
//   right answer (a free-text question: "…"). A question asked in the last
//   iteration stays waiting, as it does for the student who played there.
//   A beat asked again (a branch back to it) takes the same answer again; a
//   wrong answer that branches back to its own question is given at most as
//   many times as the lesson has beats, then the question waits.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "lessons/format/lesson.h"
#include "lessons/run/session.h"

namespace ganstep::run {

// One --answer: the beat (index from 0) and the answer.
struct PresetAnswer {
  int beat = -1;
  lessons::Answer answer;
};

// Parses "BEAT=VALUE": BEAT is a beat's id or its number (from 1) and must
// ask a question; VALUE is a choice's index from 0 (as the question's
// `answer`), a number ("0.1899" or "0,1899") or a text, as the question asks.
// "" or an error that quotes the input.
std::string parse_preset_answer(const lessons::Lesson& lesson, const std::string& text, PresetAnswer& out);
// Every entry of texts; the first error stops (a beat named twice is one).
std::string parse_preset_answers(const lessons::Lesson& lesson, const std::vector<std::string>& texts,
                                 std::vector<PresetAnswer>& out);

// The answer preview gives a question nobody answered: its right one ("…" for a free text).
lessons::Answer right_answer(const lessons::Question& q);

// Answers the waiting questions by the rule above; true when one was answered.
bool answer_waiting(Session& session, const std::vector<PresetAnswer>& answers);

// Plays forward to timeline iteration `iterations` (Session::iterations(),
// as --steps counts) by the rule above; on_step (optional) runs after each
// iteration and after each answer. With stop_at_end, it stops where playing
// stops: once the current run (since its last reset) reached the lesson's
// run_length(). False when the run failed (session.error()). Returns early,
// true, when the session is busy() (a run training elsewhere, without waiting).
bool play_to(Session& session, std::int64_t iterations, const std::vector<PresetAnswer>& answers,
             const std::function<void()>& on_step = {}, bool stop_at_end = false);

}  // namespace ganstep::run
