#define BOOST_TEST_MODULE modisim_sim
#include <boost/test/unit_test.hpp>
