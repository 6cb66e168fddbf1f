// The few sd-bus functions swctl-runtime calls, as function pointer types:
// the runtime loads libsystemd with dlopen only when it needs systemd (the
// systemd cgroup driver), so starting a container does not pay for linking
// it. Layouts and signatures are sd-bus.h's (libsystemd.so.0 ABI); bus and
// message handles stay opaque.
#pragma once
#include <stdint.h>

/// sd_bus_error.
typedef struct swctl_sd_bus_error {
    const char *name;
    const char *message;
    int need_free;
} swctl_sd_bus_error;

typedef int (*swctl_sd_bus_open_system_fn)(void **bus);
typedef void *(*swctl_sd_bus_flush_close_unref_fn)(void *bus);
typedef int (*swctl_sd_bus_message_new_method_call_fn)(void *bus, void **message, const char *destination,
                                                       const char *path, const char *interface, const char *member);
typedef int (*swctl_sd_bus_message_append_basic_fn)(void *message, char type, const void *value);
typedef int (*swctl_sd_bus_message_open_container_fn)(void *message, char type, const char *contents);
typedef int (*swctl_sd_bus_message_close_container_fn)(void *message);
typedef int (*swctl_sd_bus_call_fn)(void *bus, void *message, uint64_t timeout_usec, swctl_sd_bus_error *error,
                                    void **reply);
typedef int (*swctl_sd_bus_message_read_basic_fn)(void *message, char type, void *value);
typedef void *(*swctl_sd_bus_message_unref_fn)(void *message);
typedef void (*swctl_sd_bus_error_free_fn)(swctl_sd_bus_error *error);
typedef int (*swctl_sd_bus_get_property_string_fn)(void *bus, const char *destination, const char *path,
                                                   const char *interface, const char *member,
                                                   swctl_sd_bus_error *error, char **value);
typedef int (*swctl_sd_bus_path_encode_fn)(const char *prefix, const char *external_id, char **path);
