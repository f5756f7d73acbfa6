// Bounds on physical values that the engine (SimGrid 3.32) can represent; config keys and trace
// tables refuse values outside them as bad input.
#pragma once

namespace modi {

/// Largest bandwidth a key takes (1 Pbps).
inline constexpr double kMaxBandwidthBps = 1e15;
/// Largest one-way latency a key takes. SimGrid 3.32's lazy solver aborts ("The Impossible Did
/// Happen") when a flow's TCP window bound, gamma / (2 x latency), falls to about 20 B/s (a route
/// latency near 1e5 s with the default 4 MiB window; found by testing); an hour keeps every bound
/// above 500 B/s.
inline constexpr double kMaxLatencyS = 3600;

}  // namespace modi
