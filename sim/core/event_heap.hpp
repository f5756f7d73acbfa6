// A time-ordered event queue: a 4-ary min-heap on (time, insertion order). The order breaks ties
// deterministically (first scheduled, first handled), so every run pops the same sequence. Four
// children per node halve the heap's depth against a binary heap, which matters when it holds an
// event per phone (cache misses dominate).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace modi {

template <class Payload>
class EventHeap {
public:
  struct Event {
    double t;
    uint64_t order;
    Payload payload;
  };

  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  const Event& top() const { return heap_.front(); }

  void push(double t, Payload p) {
    heap_.push_back({t, order_++, std::move(p)});
    sift_up(heap_.size() - 1);
  }
  void pop() {
    heap_.front() = std::move(heap_.back());
    heap_.pop_back();
    if (!heap_.empty())
      sift_down(0);
  }
  void clear() { heap_.clear(); }

private:
  static bool before(const Event& a, const Event& b) { return a.t < b.t || (a.t == b.t && a.order < b.order); }
  void sift_up(size_t i) {
    Event e = std::move(heap_[i]);
    while (i > 0) {
      const size_t parent = (i - 1) / 4;
      if (!before(e, heap_[parent]))
        break;
      heap_[i] = std::move(heap_[parent]);
      i = parent;
    }
    heap_[i] = std::move(e);
  }
  void sift_down(size_t i) {
    Event e = std::move(heap_[i]);
    const size_t n = heap_.size();
    while (true) {
      const size_t first = 4 * i + 1;
      if (first >= n)
        break;
      size_t best = first;
      for (size_t c = first + 1; c < first + 4 && c < n; ++c)
        if (before(heap_[c], heap_[best]))
          best = c;
      if (!before(heap_[best], e))
        break;
      heap_[i] = std::move(heap_[best]);
      i = best;
    }
    heap_[i] = std::move(e);
  }

  std::vector<Event> heap_;
  uint64_t order_ = 0;
};

}  // namespace modi
