#include "sim/model/request_closer.hpp"

namespace modi::model {

void RequestCloser::finish(Request* r) {
  open_.remove(r->id);
  Phone& p = phones_[r->phone];
  if (!r->failed && r->handover_at_s >= 0)  // the reply could not reach the phone's new cell
    r->fail(Reason::HANDOVER, r->handover_at_s);
  if (ledger_.check_dead(p, r->finished_at_s, r) && !r->failed && p.energy.died_at_s() < r->finished_at_s) {
    r->failed = true;
    r->failure = Reason::BATTERY;
  }
  if (!r->failed && r->site == policy::Site::DEVICE && r->model != NONE)
    profiler_.observe_run(p, r->model, r->model_load_s, r->inference_s);
  if (finished_)
    finished_(*r);
  ledger_.close(p, r);
  if (open_.empty() && all_closed_)
    all_closed_();
}

}  // namespace modi::model
