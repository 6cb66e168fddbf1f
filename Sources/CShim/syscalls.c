#include "swctl_shim.h"
