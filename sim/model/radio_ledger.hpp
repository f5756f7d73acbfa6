// Who pays for the phone radio (Huang et al.'s tail above all), and therefore when a request is
// closed. A transfer's promotion and active energy go to its own request; the tail that follows
// a transfer goes to the request whose transfer started it, and is only known when the next
// transfer cuts it, the tail runs out, the phone changes radio or the run ends. So an offloaded
// request that ends owning the open tail is held here until its tail is settled, and only then
// handed to the sink (requests.csv). Plain C++: unit-tested without SimGrid.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/model/open_requests.hpp"
#include "sim/model/phone.hpp"

namespace modi::model {

class RadioLedger {
public:
  using Sink = std::function<void(Request*)>;
  /// Radio owner of transfers that belong to no request (model pushes).
  static constexpr uint64_t NO_REQUEST = UINT64_MAX - 1;

  RadioLedger(size_t phones, const OpenRequests& open, Sink sink);

  /// Request r's transfer over [start_s, end_s) ended: its own energy to r, and the tail it cut
  /// to that tail's owner.
  void transfer(Phone& p, Request& r, double start_s, double end_s, double bytes, bool up);
  /// A transfer of no request (a model push); returns its own energy (the phone's unattributed).
  double transfer_without_request(Phone& p, double start_s, double end_s, double bytes, bool up);
  /// The phone moves to a network with another radio: the open tail ends now.
  void switch_radio(Phone& p, const RadioPower& radio, double now_s);
  /// Request r has ended (answered or failed): handed to the sink now, or held until the tail
  /// its last transfer started is settled.
  void close(Phone& p, Request* r);
  /// Checks the phone's battery at t (PhoneEnergy::check_dead). When it has just run out, the
  /// energy drawn after the death is taken back from the requests that were charged for it
  /// (`current`, the one being issued or closed, a held or open one, or the unattributed).
  bool check_dead(Phone& p, double t, Request* current);
  /// End of the run for this phone: its last tail is settled and a held request handed over.
  void close_phone(Phone& p, double horizon_s);
  /// Energy of this phone that no request owns (push transfers, tails of requests that ended
  /// before their tail was known).
  double unattributed_j(uint32_t phone) const { return unattributed_j_[phone]; }
  /// The request held for its tail on this phone, if any.
  const Request* held(uint32_t phone) const { return held_[phone]; }

private:
  Request* owner_of(Phone& p, uint64_t owner, Request* current);
  void give_tail(Phone& p, uint64_t owner, double tail_j, Request* current);
  void release_held(Phone& p);
  const OpenRequests& open_;
  Sink sink_;
  std::vector<Request*> held_;         ///< per phone: ended request waiting for its tail
  std::vector<double> unattributed_j_;
};

}  // namespace modi::model
