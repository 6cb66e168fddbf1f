// bpf(2) for cgroup device programs: glibc has no wrapper and union bpf_attr
// is easier to fill in C. Each returns -1 with errno on failure.
#pragma once
#include <stdint.h>

/// BPF_PROG_LOAD of a BPF_PROG_TYPE_CGROUP_DEVICE program of `count`
/// 8-byte instructions. The verifier's log goes to `log` (`log_size` bytes,
/// may be 0). Returns the program's descriptor (close-on-exec).
int swctl_bpf_load_cgroup_device(const void *instructions, uint32_t count, const char *license,
                                 char *log, uint32_t log_size);

/// BPF_PROG_ATTACH with BPF_CGROUP_DEVICE and BPF_F_ALLOW_MULTI.
int swctl_bpf_attach_cgroup_device(int cgroup_fd, int program_fd);

/// BPF_PROG_DETACH of one program attached with BPF_CGROUP_DEVICE.
int swctl_bpf_detach_cgroup_device(int cgroup_fd, int program_fd);

/// BPF_PROG_QUERY for BPF_CGROUP_DEVICE: up to `*count` program IDs
/// attached to the cgroup itself; `*count` becomes how many there are.
int swctl_bpf_query_cgroup_device(int cgroup_fd, uint32_t *ids, uint32_t *count);

/// BPF_PROG_GET_FD_BY_ID.
int swctl_bpf_program_fd(uint32_t id);
