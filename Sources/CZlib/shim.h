// The C API of zlib, reached only through its small typed Swift wrapper
// (gzip layers of container images).
#pragma once
#include <zlib.h>
