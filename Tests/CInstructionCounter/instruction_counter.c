#include "instruction_counter.h"
#include <linux/perf_event.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int repair_instructions_open(void) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.type = PERF_TYPE_HARDWARE;
    attr.size = sizeof attr;
    attr.config = PERF_COUNT_HW_INSTRUCTIONS;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
    if (fd < 0) {
        /* No hardware counter (a virtual machine without a PMU): the kernel's task clock in
           nanoseconds still grows with the work done on this thread alone. */
        attr.type = PERF_TYPE_SOFTWARE;
        attr.config = PERF_COUNT_SW_TASK_CLOCK;
        fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
    }
    return (int)fd;
}

int64_t repair_instructions_read(int fd) {
    int64_t value = 0;
    if (read(fd, &value, sizeof value) != (ssize_t)sizeof value) return -1;
    return value;
}

void repair_instructions_reset(int fd) { ioctl(fd, PERF_EVENT_IOC_RESET, 0); }

void repair_instructions_close(int fd) { close(fd); }
