#define BOOST_TEST_MODULE modisim_unit
#include <boost/test/unit_test.hpp>
