// A SimGrid engine for the engine tests: SimGrid allows one per process, and its logs stay quiet
// unless something is critical.
#pragma once

#include <simgrid/s4u.hpp>

struct QuietEngine {
  int argc = 2;
  char name[5] = "test";
  char quiet[32] = "--log=root.thresh:critical";
  char* argv[3] = {name, quiet, nullptr};
  simgrid::s4u::Engine engine{&argc, argv};
};
