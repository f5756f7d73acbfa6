// The radio ledger in closed form (no SimGrid): who pays for promotion, transfers and tails, and
// when a request is handed to the sink (requests.csv). Radio: Huang et al. 2012 WiFi and LTE.
#include <boost/test/unit_test.hpp>

#include <vector>

#include "sim/model/radio_ledger.hpp"

using namespace modi;
using namespace modi::model;
namespace tt = boost::test_tools;

namespace {

RadioPower radio(double pro_w, double pro_s, double tail_w, double tail_s, double base_w, double up, double down) {
  RadioPower r;
  r.promotion_w = pro_w;
  r.promotion_s = pro_s;
  r.tail_w = tail_w;
  r.tail_s = tail_s;
  r.base_w = base_w;
  r.uplink_w_per_mbps = up;
  r.downlink_w_per_mbps = down;
  return r;
}
const RadioPower WIFI = radio(0.1244, 0.0791, 0.1193, 0.2381, 0.13286, 0.28317, 0.13701);
const RadioPower LTE = radio(1.2107, 0.2601, 1.06, 11.576, 1.28804, 0.43839, 0.05197);

/// One phone, its open requests and a sink that remembers what was handed over, in order.
struct Bench {
  explicit Bench(const RadioPower& r) : ledger(1, open, [this](Request* q) { sunk.push_back(q->id); }) {
    phone.energy = energy::PhoneEnergy({}, r, 1e6, 1.0, false);
    reqs.resize(4);
    for (uint64_t i = 0; i < reqs.size(); ++i) {
      reqs[i].id = i;
      reqs[i].site = policy::Site::EDGE;
      open.add(&reqs[i]);
    }
  }
  /// Request i ends (answered): it leaves the open requests and goes to the ledger.
  void close(uint64_t i) {
    open.remove(i);
    ledger.close(phone, &reqs[i]);
  }
  Phone phone;
  OpenRequests open;
  std::vector<Request> reqs;
  std::vector<uint64_t> sunk;
  RadioLedger ledger;
};

double active(const RadioPower& r, double seconds, double bytes, bool up) {
  return r.base_w * seconds + (up ? r.uplink_w_per_mbps : r.downlink_w_per_mbps) * bytes * 8e-6;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(radio_ledger)

BOOST_AUTO_TEST_CASE(a_lone_request_pays_promotion_transfer_and_the_tail_at_the_end_of_the_run) {
  Bench b(WIFI);
  b.ledger.transfer(b.phone, b.reqs[0], 0.0, 1.0, 1e6, true);
  b.close(0);
  BOOST_TEST(b.sunk.empty());  // held: its tail is still open
  BOOST_TEST(b.ledger.held(0) == &b.reqs[0]);
  b.ledger.close_phone(b.phone, 100.0);
  BOOST_TEST((b.sunk == std::vector<uint64_t>{0}));
  const double expect = WIFI.promotion_w * WIFI.promotion_s + active(WIFI, 1.0, 1e6, true) + WIFI.tail_w * WIFI.tail_s;
  BOOST_TEST(b.reqs[0].radio_energy_j == expect, tt::tolerance(1e-12));
  BOOST_TEST(b.ledger.unattributed_j(0) == 0.0);
}

BOOST_AUTO_TEST_CASE(overlapping_transfers_the_later_end_owns_the_tail) {
  Bench b(LTE);
  // A [0, 1) and B [0.5, 1.5): B's active time counts only after A's end (base power once).
  b.ledger.transfer(b.phone, b.reqs[0], 0.0, 1.0, 1e5, true);
  b.ledger.transfer(b.phone, b.reqs[1], 0.5, 1.5, 1e5, false);
  b.close(0);
  BOOST_TEST((b.sunk == std::vector<uint64_t>{0}));  // A does not own the open tail: written now
  b.close(1);
  BOOST_TEST(b.ledger.held(0) == &b.reqs[1]);
  b.ledger.close_phone(b.phone, 100.0);
  BOOST_TEST((b.sunk == std::vector<uint64_t>{0, 1}));
  BOOST_TEST(b.reqs[0].radio_energy_j == LTE.promotion_w * LTE.promotion_s + active(LTE, 1.0, 1e5, true),
             tt::tolerance(1e-12));
  BOOST_TEST(b.reqs[1].radio_energy_j == active(LTE, 0.5, 1e5, false) + LTE.tail_w * LTE.tail_s, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_gap_exactly_equal_to_the_tail_pays_the_whole_tail_and_no_promotion) {
  Bench b(WIFI);
  b.ledger.transfer(b.phone, b.reqs[0], 0.0, 1.0, 0, true);
  b.close(0);
  const double next = 1.0 + WIFI.tail_s;
  b.ledger.transfer(b.phone, b.reqs[1], next, next + 0.5, 0, true);
  BOOST_TEST((b.sunk == std::vector<uint64_t>{0}));  // its tail is settled by the next transfer
  BOOST_TEST(b.reqs[0].radio_energy_j == WIFI.promotion_w * WIFI.promotion_s + WIFI.base_w * 1.0 + WIFI.tail_w * WIFI.tail_s,
             tt::tolerance(1e-12));
  BOOST_TEST(b.reqs[1].radio_energy_j == WIFI.base_w * 0.5, tt::tolerance(1e-12));  // no promotion at exactly the tail
  // One more microsecond of gap and the next transfer pays a promotion.
  Bench c(WIFI);
  c.ledger.transfer(c.phone, c.reqs[0], 0.0, 1.0, 0, true);
  c.ledger.transfer(c.phone, c.reqs[1], next + 1e-6, next + 0.5, 0, true);
  BOOST_TEST(c.reqs[1].radio_energy_j == WIFI.promotion_w * WIFI.promotion_s + WIFI.base_w * (0.5 - 1e-6),
             tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_transfer_that_cuts_a_held_tail_settles_it) {
  Bench b(LTE);
  b.ledger.transfer(b.phone, b.reqs[0], 0.0, 1.0, 0, true);
  b.close(0);
  b.ledger.transfer(b.phone, b.reqs[1], 3.0, 3.5, 0, true);  // 2 s into A's 11.6 s tail
  BOOST_TEST((b.sunk == std::vector<uint64_t>{0}));
  BOOST_TEST(b.reqs[0].radio_energy_j == LTE.promotion_w * LTE.promotion_s + LTE.base_w * 1.0 + LTE.tail_w * 2.0,
             tt::tolerance(1e-12));
  BOOST_TEST(b.reqs[1].radio_energy_j == LTE.base_w * 0.5, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(switching_network_during_a_tail_ends_it_there) {
  Bench b(LTE);
  b.ledger.transfer(b.phone, b.reqs[0], 0.0, 1.0, 0, true);
  b.close(0);
  b.ledger.switch_radio(b.phone, WIFI, 1.25);  // a handover to WiFi 0.25 s into the LTE tail
  BOOST_TEST((b.sunk == std::vector<uint64_t>{0}));
  BOOST_TEST(b.reqs[0].radio_energy_j == LTE.promotion_w * LTE.promotion_s + LTE.base_w * 1.0 + LTE.tail_w * 0.25,
             tt::tolerance(1e-12));
  // The new radio starts idle: the next transfer pays WiFi's promotion.
  b.ledger.transfer(b.phone, b.reqs[1], 2.0, 2.5, 0, true);
  BOOST_TEST(b.reqs[1].radio_energy_j == WIFI.promotion_w * WIFI.promotion_s + WIFI.base_w * 0.5, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_tail_whose_owner_already_ended_is_unattributed) {
  Bench b(WIFI);
  b.ledger.transfer(b.phone, b.reqs[0], 0.0, 1.0, 0, true);
  b.reqs[0].site = policy::Site::DEVICE;  // it fell back to the phone: written without waiting
  b.close(0);
  BOOST_TEST((b.sunk == std::vector<uint64_t>{0}));
  b.ledger.close_phone(b.phone, 10.0);
  BOOST_TEST(b.ledger.unattributed_j(0) == WIFI.tail_w * WIFI.tail_s, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_push_pays_its_own_energy_and_cuts_a_request_s_tail) {
  Bench b(WIFI);
  b.ledger.transfer(b.phone, b.reqs[0], 0.0, 1.0, 0, true);  // still open (in flight)
  const double own = b.ledger.transfer_without_request(b.phone, 1.1, 2.1, 1e6, false);
  BOOST_TEST(own == active(WIFI, 1.0, 1e6, false), tt::tolerance(1e-12));
  BOOST_TEST(b.ledger.unattributed_j(0) == own, tt::tolerance(1e-12));
  BOOST_TEST(b.reqs[0].radio_energy_j == WIFI.promotion_w * WIFI.promotion_s + WIFI.base_w * 1.0 + WIFI.tail_w * 0.1,
             tt::tolerance(1e-12));  // the open request got the 0.1 s of tail the push cut
}

BOOST_AUTO_TEST_SUITE_END()
