// Counts the instructions the calling thread retires in user space (Linux perf events), so
// a test can say how work grows with input size without a clock.
#ifndef REPAIR_INSTRUCTION_COUNTER_H
#define REPAIR_INSTRUCTION_COUNTER_H
#include <stdint.h>

/// Opens a counter of this thread's user-space instructions, started at zero; -1 if the
/// system refuses (perf_event_paranoid, a container without perf events).
int repair_instructions_open(void);
/// Instructions counted since the counter was opened or last reset; -1 on error.
int64_t repair_instructions_read(int fd);
/// Sets the counter back to zero.
void repair_instructions_reset(int fd);
/// Closes the counter.
void repair_instructions_close(int fd);
#endif
