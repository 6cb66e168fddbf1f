// The C API of libsystemd, reached only through its small typed Swift wrapper.
#pragma once
#include <systemd/sd-bus.h>
#include <systemd/sd-journal.h>
#include <systemd/sd-daemon.h>
