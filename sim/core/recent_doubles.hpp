// The text of recently written doubles, so a value an output repeats (a deadline, an accuracy,
// a calibrated constant, a request's energy in two columns) is formatted once. A lookup costs a
// few instructions; formatting the shortest round-trip text costs a few hundred, and request
// rows repeat about 45% of their non-integer numbers (measured on configs/bench/scale.yaml).
// The text is exactly what fmt's "{}" gives: the cache only remembers it.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <string_view>

#include <fmt/compile.h>
#include <fmt/format.h>

namespace modi::csv {

class RecentDoubles {
public:
  std::string_view text(double x) {
    const auto bits = std::bit_cast<uint64_t>(x);
    Entry& e = entries_[(bits * 0x9E3779B97F4A7C15ULL) >> (64 - INDEX_BITS)];
    if (e.len == 0 || e.bits != bits) {
      // At most 24 characters ("-2.2250738585072014e-308"; fixed notation stops at 16 integer
      // digits), so the text always fits; format_to_n would check that at twice the cost.
      e.len = static_cast<uint8_t>(fmt::format_to(e.text, FMT_COMPILE("{}"), x) - e.text);
      e.bits = bits;
    }
    return {e.text, e.len};
  }

private:
  static constexpr unsigned INDEX_BITS = 8;
  struct Entry {
    uint64_t bits = 0;
    uint8_t len = 0;  ///< 0: empty
    char text[31];
  };
  std::array<Entry, 1u << INDEX_BITS> entries_{};
};

}  // namespace modi::csv
