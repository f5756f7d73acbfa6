#include "sim/engine/path_steps.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>
#include <simgrid/simix.hpp>

#include <algorithm>
#include <cmath>

namespace sg4 = simgrid::s4u;

namespace modi::engine {

void wait_for(double duration_s) {
  if (duration_s > TIME_EPSILON_S)
    sg4::this_actor::sleep_for(duration_s);
}

void step_wait(double duration_s, double deadline_at) {
  if (deadline_at >= 0 && sg4::Engine::get_clock() + duration_s > deadline_at) {
    wait_for(deadline_at - sg4::Engine::get_clock());
    throw PathFailure{Reason::TIMEOUT};
  }
  wait_for(duration_s);
}

void step_transfer(const LinkCeilings& links, sg4::Host* from, sg4::Host* to, double bytes, double deadline_at,
                   bool hosts_can_fail) {
  if (hosts_can_fail && (!from->is_on() || !to->is_on()))  // SimGrid aborts transfers from or to a host that is off
    throw PathFailure{Reason::EDGE_DOWN};
  try {
    const auto size = static_cast<uint64_t>(std::llround(bytes));
    auto c = links.start(from, to, size);
    if (deadline_at < 0) {
      c->wait();
      return;
    }
    try {
      c->wait_for(std::max(0.0, deadline_at - sg4::Engine::get_clock()));
    } catch (const simgrid::TimeoutException&) {
      c->cancel();  // a late reply is dropped, never matched to another request
      throw PathFailure{Reason::TIMEOUT};
    }
  } catch (const simgrid::NetworkFailureException&) {
    throw PathFailure{Reason::NETWORK};
  } catch (const simgrid::HostFailureException&) {
    throw PathFailure{Reason::EDGE_DOWN};
  }
}

void step_exec(sg4::Host* host, double seconds, double deadline_at, bool hosts_can_fail) {
  if (hosts_can_fail && !host->is_on())
    throw PathFailure{Reason::EDGE_DOWN};
  try {
    // The exec belongs to this actor; its set-up and start run in one simcall (each setter would
    // otherwise cost a round trip to maestro: four instead of one).
    auto e = sg4::Exec::init();
    simgrid::kernel::actor::simcall_answered([&e, host, seconds] {
      e->set_flops_amount(seconds * host->get_speed())->set_host(host)->start();
    });
    if (deadline_at < 0) {
      e->wait();
      return;
    }
    try {
      e->wait_for(std::max(0.0, deadline_at - sg4::Engine::get_clock()));
    } catch (const simgrid::TimeoutException&) {
      e->cancel();
      throw PathFailure{Reason::TIMEOUT};
    }
  } catch (const simgrid::HostFailureException&) {
    throw PathFailure{Reason::EDGE_DOWN};
  }
}

}  // namespace modi::engine
