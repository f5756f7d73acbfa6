// ActorPool in a real SimGrid engine (one engine per process, so ctest runs one case per process):
// a pool grows to the peak number of jobs running at once, moves its actors to each job's host,
// and its lifetime decides when the run may end. Expected clocks follow from the sleeps alone.
#define BOOST_TEST_MODULE modisim_engine
#include <boost/test/unit_test.hpp>

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "quiet_engine.hpp"
#include "sim/engine/actor_pool.hpp"

namespace sg4 = simgrid::s4u;
using modi::engine::ActorPool;

namespace {

/// An engine with two hosts and quiet logs; `deadlock` says whether the run ended with actors
/// blocked forever (an idle pool actor that was never told to end).
struct World : QuietEngine {
  sg4::Host* a = nullptr;
  sg4::Host* b = nullptr;
  bool deadlock = false;
  World() {
    sg4::Engine::on_deadlock_cb([this] { deadlock = true; });
    auto* zone = sg4::create_full_zone("world");
    a = zone->create_host("a", 1e9);
    b = zone->create_host("b", 1e9);
    zone->seal();
  }
};

struct JobRecord {
  std::string host;
  double started_s;
};

struct DaemonRun {
  bool deadlock;
  bool job_finished;
  double end_s;
};

/// A driver (not a daemon) gives a daemon pool one job of `job_s` seconds, then sleeps `driver_s`.
DaemonRun run_daemon_job(double job_s, double driver_s) {
  World w;
  ActorPool pool("daemon", ActorPool::Lifetime::DAEMON);
  bool finished = false;
  sg4::Actor::create("driver", w.a, [&] {
    pool.run(w.b, [&finished, job_s] {
      sg4::this_actor::sleep_for(job_s);
      finished = true;
    });
    sg4::this_actor::sleep_for(driver_s);
  });
  w.engine.run();
  return {w.deadlock, finished, sg4::Engine::get_clock()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(actor_pool)

BOOST_AUTO_TEST_CASE(grows_to_peak_concurrency_and_moves_actors) {
  World w;
  ActorPool pool("job", ActorPool::Lifetime::UNTIL_CLOSED);
  std::vector<JobRecord> jobs;
  auto job = [&jobs] {
    jobs.push_back({sg4::this_actor::get_host()->get_name(), sg4::Engine::get_clock()});
    sg4::this_actor::sleep_for(1.0);
  };
  sg4::Actor::create("driver", w.a, [&] {
    pool.run(w.a, job);
    pool.run(w.b, job);
    pool.run(w.a, job);
    sg4::this_actor::sleep_for(5.0);  // all three are idle again
    pool.run(w.b, job);
    pool.run(w.b, job);
    pool.close();
  });
  w.engine.run();
  BOOST_TEST(!w.deadlock);
  BOOST_TEST(pool.actors() == 3u);  // three at once at t=0; the two jobs at t=5 reuse actors
  BOOST_TEST(sg4::Engine::get_clock() == 6.0);
  BOOST_REQUIRE(jobs.size() == 5u);
  const std::vector<std::string> hosts{"a", "b", "a", "b", "b"};
  const std::vector<double> starts{0, 0, 0, 5, 5};
  for (size_t i = 0; i < jobs.size(); ++i) {
    BOOST_TEST(jobs[i].host == hosts[i]);
    BOOST_TEST(jobs[i].started_s == starts[i]);
  }
}

BOOST_AUTO_TEST_CASE(daemon_jobs_do_not_hold_the_run_open) {
  const auto r = run_daemon_job(100.0, 1.0);
  BOOST_TEST(!r.deadlock);
  BOOST_TEST(r.end_s == 1.0);  // the run ends with its last non-daemon actor
  BOOST_TEST(!r.job_finished);
}

BOOST_AUTO_TEST_CASE(idle_daemons_end_with_the_run) {
  const auto r = run_daemon_job(1.0, 3.0);  // the daemon is idle from t=1
  BOOST_TEST(!r.deadlock);
  BOOST_TEST(r.job_finished);
  BOOST_TEST(r.end_s == 3.0);
}

/// The manager made a daemon per report (create, then daemonize: two simcalls); handing a report
/// to an idle daemon must take its caller as many scheduling steps, or whatever else happens at
/// that instant would interleave differently. A counter actor yields once per step: the number of
/// its steps before the caller goes on must be the same both ways.
BOOST_AUTO_TEST_CASE(reusing_a_daemon_takes_its_caller_as_many_steps_as_creating_one) {
  World w;
  ActorPool pool("daemon", ActorPool::Lifetime::DAEMON);
  std::vector<std::string> log;
  auto counter = [&log](const std::string& name) {
    for (int i = 0; i < 6; ++i) {
      log.push_back(name);
      sg4::this_actor::yield();
    }
  };
  auto steps_before = [&log](const std::string& name, const std::string& mark) {
    const auto end = std::find(log.begin(), log.end(), mark);
    return std::count(log.begin(), end, name);
  };
  sg4::Actor::create("driver", w.a, [&] {
    pool.run(w.a, [] {});  // the pool's actor, idle from now on
    sg4::this_actor::sleep_for(1.0);
    sg4::Actor::create("counter", w.b, [&] { counter("fresh step"); });
    sg4::Actor::create("fresh", w.a, [] {})->daemonize();
    log.emplace_back("fresh done");
    sg4::this_actor::sleep_for(1.0);
    sg4::Actor::create("counter", w.b, [&] { counter("reuse step"); });
    pool.run(w.a, [] {});
    log.emplace_back("reuse done");
  });
  w.engine.run();
  BOOST_TEST(!w.deadlock);
  BOOST_REQUIRE(pool.actors() == 1u);  // the second job reused the first actor
  BOOST_TEST(steps_before("fresh step", "fresh done") > 0);
  BOOST_TEST(steps_before("reuse step", "reuse done") == steps_before("fresh step", "fresh done"));
}

BOOST_AUTO_TEST_CASE(jobs_after_close_get_an_actor_that_ends_with_them) {
  World w;
  ActorPool pool("job", ActorPool::Lifetime::UNTIL_CLOSED);
  int done = 0;
  sg4::Actor::create("driver", w.a, [&] {
    pool.run(w.a, [&done] {
      sg4::this_actor::sleep_for(1.0);
      ++done;
    });
    sg4::this_actor::sleep_for(2.0);
    pool.close();  // the idle actor ends
    pool.run(w.b, [&done] {
      sg4::this_actor::sleep_for(3.0);
      ++done;
    });
  });
  w.engine.run();
  BOOST_TEST(!w.deadlock);
  BOOST_TEST(done == 2);
  BOOST_TEST(pool.actors() == 2u);
  BOOST_TEST(sg4::Engine::get_clock() == 5.0);  // without an actor of its own the second job would never run
}

BOOST_AUTO_TEST_SUITE_END()
