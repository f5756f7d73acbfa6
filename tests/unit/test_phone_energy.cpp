// PhoneEnergy on its own (no engine): charges, the radio's promotion and tail, the battery's
// exact death time on the piecewise-linear drawn-energy curve, and nothing drawn after it.
#include <boost/test/unit_test.hpp>

#include "sim/energy/phone_energy.hpp"

namespace tt = boost::test_tools;
using modi::RadioPower;
using modi::energy::DevicePower;
using modi::energy::PhoneEnergy;

namespace {

RadioPower radio() {
  RadioPower r;
  r.name = "r";
  r.base_w = 1.0;
  r.promotion_w = 2.0;
  r.promotion_s = 0.5;
  r.tail_w = 0.5;
  r.tail_s = 4.0;
  r.idle_w = 0.1;
  return r;  // no per-Mbit/s terms: transfer energy is base power x time
}

DevicePower device() {
  DevicePower d;
  d.idle_w = 1.0;
  d.inference_w = 3.0;
  return d;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(phone_energy)

BOOST_AUTO_TEST_CASE(a_live_phone_adds_up_its_parts) {
  const auto r = radio();
  PhoneEnergy e(device(), r, 1000.0, 1.0, false);
  BOOST_TEST(e.compute(1.0, 2.0, 3.0, 7) == 6.0);
  const auto t = e.transfer(4.0, 5.0, 0, true, 8);                    // radio idle: promotion + 1 s active
  BOOST_TEST(t.own_j == 2.0 * 0.5 + 1.0 * 1.0, tt::tolerance(1e-12));
  const auto t2 = e.transfer(6.0, 6.5, 0, false, 9);                  // 1 s of tail, then active
  BOOST_TEST(*t2.tail_owner == 8u);
  BOOST_TEST(t2.tail_j == 0.5 * 1.0, tt::tolerance(1e-12));
  BOOST_TEST(!e.check_dead(7.0));
  const auto c = e.close(20.0);
  BOOST_TEST(*c.tail_owner == 9u);
  BOOST_TEST(c.tail_j == 0.5 * 4.0, tt::tolerance(1e-12));
  BOOST_TEST(e.cpu_j() == 6.0);
  BOOST_TEST(e.radio_j() == 2.0 + 0.5 + 0.5 + 2.0, tt::tolerance(1e-12));
  // idle: 1 W x 20 s, radio idle 0.1 W except promotion, active and tail time (0.5 + 1 + 1 + 0.5 + 4)
  BOOST_TEST(e.idle_j() == 20.0 + 0.1 * (20.0 - 7.0), tt::tolerance(1e-12));
  BOOST_TEST(e.total_j() == e.cpu_j() + e.radio_j() + e.idle_j(), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(work_charged_ahead_counts_only_when_it_happens) {
  const auto r = radio();
  PhoneEnergy e(device(), r, 10.0, 1.0, false);
  e.compute(5.0, 10.0, 3.0, 1);  // 30 J of computing from 5 s to 15 s
  // by 4 s only the 1 W baseline (+0.1 W radio idle) has drawn: 4.4 J, alive
  BOOST_TEST(e.consumed_j(4.0) == 4.4, tt::tolerance(1e-12));
  BOOST_TEST(!e.check_dead(4.0));
  // 1.1 t + 3 (t - 5) = 10 gives t = 25 / 4.1
  BOOST_TEST(e.check_dead(20.0));
  BOOST_TEST(e.died_at_s() == 25.0 / 4.1, tt::tolerance(1e-12));
  const auto cuts = e.take_cuts();
  BOOST_REQUIRE(cuts.size() == 1u);
  BOOST_TEST(cuts[0].owner == 1u);
  BOOST_TEST(cuts[0].cpu_j == 30.0 - 3.0 * (25.0 / 4.1 - 5.0), tt::tolerance(1e-9));
  BOOST_TEST(e.compute(21.0, 1.0, 3.0, 2) == 0.0);  // dead: draws nothing
  e.close(30.0);
  BOOST_TEST(e.total_j() == 10.0);  // exactly the battery
  BOOST_TEST(e.horizon_s() == e.died_at_s());
  BOOST_TEST(e.cpu_j() + e.radio_j() + e.idle_j() == 10.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_pending_tail_draws_until_it_ends_and_is_cut_at_death) {
  const auto r = radio();
  PhoneEnergy e(device(), r, 5.0, 1.0, false);
  e.transfer(1.0, 2.0, 0, true, 3);  // promotion 1 J + active 1 J; radio idle 0.1 W before 1 s (less 0.5 s)
  BOOST_TEST(!e.check_dead(2.0));
  // after 2 s: 1 W baseline + 0.5 W tail: t + 0.05 + 2 + 0.5 (t - 2) = 5 gives t = 3.95 / 1.5
  BOOST_TEST(e.check_dead(10.0));
  BOOST_TEST(e.died_at_s() == 3.95 / 1.5, tt::tolerance(1e-12));
  const auto c = e.close(10.0);
  BOOST_TEST(c.tail_j == 0.5 * (3.95 / 1.5 - 2.0), tt::tolerance(1e-12));
  BOOST_TEST(e.total_j() == 5.0);
}

BOOST_AUTO_TEST_SUITE_END()
