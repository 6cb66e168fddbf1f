// The C API of libapparmor, reached only through its small typed Swift wrapper.
#pragma once
#include <sys/apparmor.h>
