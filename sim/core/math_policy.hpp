// The Boost.Math error policy modisim uses: overflow sets errno instead of throwing. Results are
// bit-identical to the default policy wherever nothing overflows (every draw modisim makes), and
// Boost's static initializers for long double (which overflow under valgrind, whose long double
// has double precision) no longer abort a run under callgrind.
#pragma once

#include <boost/math/policies/policy.hpp>

namespace modi {

using MathPolicy = boost::math::policies::policy<
    boost::math::policies::overflow_error<boost::math::policies::errno_on_error>>;

}  // namespace modi
