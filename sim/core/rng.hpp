// Counter-based random numbers for common random numbers (CRN).
//
// Every random quantity in a run is a pure function of (run seed, entity, index, purpose):
// e.g. "the model-load time of request 17 of phone 3 with model m". Changing the selection
// policy therefore never reshuffles the workload, and a policy that looks at a different model
// draws that model's time for the same request from the same uniform. No stream is shared
// between entities, so the order in which the engine asks for numbers does not matter.
#pragma once

#include <cstdint>
#include <string_view>

namespace modi::rng {

/// SplitMix64 finalizer: a bijective 64-bit mix with good avalanche.
constexpr uint64_t mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// Stable 64-bit hash of a name (FNV-1a then mixed), for purposes and model ids.
constexpr uint64_t hash_name(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return mix64(h);
}

/// Each input is folded in through a full bijective mix, so keys that differ in any one input
/// (even by one bit, even when another input differs too) give unrelated outputs.
constexpr uint64_t key(uint64_t seed, uint64_t entity, uint64_t index, uint64_t purpose, uint64_t salt = 0) {
  uint64_t h = mix64(seed ^ 0x6a09e667f3bcc909ULL);
  h = mix64(h ^ entity);
  h = mix64(h ^ purpose);
  h = mix64(h ^ salt);
  return mix64(h ^ index);
}

/// Uniform in the open interval (0, 1).
constexpr double uniform(uint64_t seed, uint64_t entity, uint64_t index, uint64_t purpose, uint64_t salt = 0) {
  const uint64_t bits = key(seed, entity, index, purpose, salt) >> 11;  // 53 bits
  return (static_cast<double>(bits) + 0.5) * 0x1.0p-53;
}

/// Purposes (what a draw is for); fixed values so outputs never depend on code layout.
enum class Purpose : uint64_t {
  ARRIVAL = 1,
  IMAGE_LOAD = 2,
  MODEL_LOAD = 3,
  INFERENCE = 4,
  EDGE_INFERENCE = 5,
  EDGE_MODEL_LOAD = 6,
  NET_UP = 7,
  NET_DOWN = 8,
  CORRECT = 9,
  POLICY = 10,
  CLOUD_INFERENCE = 11,
  MOBILITY = 12,
};

/// A per-entity stream view: the entity id and the seed fixed, the draws indexed.
struct Stream {
  uint64_t seed = 0;
  uint64_t entity = 0;
  double uniform(uint64_t index, Purpose purpose, uint64_t salt = 0) const {
    return rng::uniform(seed, entity, index, static_cast<uint64_t>(purpose), salt);
  }
};

}  // namespace modi::rng
