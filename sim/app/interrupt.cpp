#include "sim/app/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <vector>

#include "sim/output/output_dir.hpp"

namespace modi::app {

namespace {

// Filled before the handlers are installed and never changed afterwards: the handler only reads.
std::vector<std::string> g_partial_files;
bool g_stderr_is_tty = false;  // a progress line may be open: end it first

void write_stderr(const char* text) {
  ssize_t ignored = write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
}

extern "C" void on_stop_signal(int sig) {
  // Only async-signal-safe calls here: write, unlink, _exit.
  const char* name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
  write_stderr(g_stderr_is_tty ? "\nmodisim: interrupted by " : "modisim: interrupted by ");
  write_stderr(name);
  write_stderr(": the run is incomplete and its partial files were removed\n");
  for (const auto& f : g_partial_files)
    unlink(f.c_str());
  _exit(128 + sig);
}

}  // namespace

void stop_cleanly_on_signals(const std::string& out_dir) {
  g_partial_files.clear();
  g_stderr_is_tty = isatty(STDERR_FILENO) != 0;
  for (const auto& name : output::run_file_names())
    if (name.size() > 8 && name.compare(name.size() - 8, 8, ".partial") == 0)
      g_partial_files.push_back((std::filesystem::path(out_dir) / name).string());
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigfillset(&sa.sa_mask);
  for (const int sig : {SIGINT, SIGTERM, SIGHUP})
    sigaction(sig, &sa, nullptr);
}

}  // namespace modi::app
