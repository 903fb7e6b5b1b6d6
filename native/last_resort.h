// The last resort of the native programs (the `ganstep` CLI, also built as
// ganstep-cli.js, and ganstep-player): an exception nothing else caught ends
// the program with exit 1 and a message on stderr, never an abort (exit 134).
//   main_with_last_resort("ganstep", body, argc, argv)  runs body(argc, argv)
//                 with both: a std::terminate handler (exceptions that escape a
//                 worker thread or a noexcept function end there) and a catch
//                 (...) around body (JavaScript-based exceptions in wasm never
//                 reach std::terminate). Each prints the message and exits 1.
// std::bad_alloc (memory ran out) says so and names what to lower.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <string>

namespace ganstep::native {

// The message for the exception being handled (std::current_exception()).
inline std::string escaped_exception_message() {
  const std::exception_ptr e = std::current_exception();
  if (!e) return "internal error: the program stopped without an exception (std::terminate)";
  try {
    std::rethrow_exception(e);
  } catch (const std::bad_alloc&) {
    return "out of memory (std::bad_alloc): this run needs more memory than the system gives it; lower the "
           "batch size (--batch or --set batch=N) or the networks' widths, or free memory";
  } catch (const std::exception& x) {
    return std::string("internal error: ") + x.what();
  } catch (...) {
    return "internal error: an unknown exception";
  }
}

[[noreturn]] inline void last_resort_exit(const char* program) {
  const std::string m = escaped_exception_message();
  std::fflush(stdout);
  std::fprintf(stderr, "%s: error: %s\n", program, m.c_str());
  std::fflush(stderr);
  std::_Exit(1);
}

inline const char*& last_resort_program() {
  static const char* name = "ganstep";
  return name;
}

inline void install_last_resort(const char* program) {
  last_resort_program() = program;
  std::set_terminate([] { last_resort_exit(last_resort_program()); });
}

inline int main_with_last_resort(const char* program, int (*body)(int, char**), int argc, char** argv) {
  install_last_resort(program);
  try {
    return body(argc, argv);
  } catch (...) {
    last_resort_exit(program);
  }
}

}  // namespace ganstep::native
