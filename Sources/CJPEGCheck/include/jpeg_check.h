// Decodes a JPEG with libjpeg's messages caught instead of printed, to tell whether the
// data is clean before Leptonica reads it (Leptonica lets libjpeg print to stderr).
#ifndef REPAIR_JPEG_CHECK_H
#define REPAIR_JPEG_CHECK_H
#include <stddef.h>
#include <stdint.h>

/// 0: the image decodes without a word from libjpeg; 1: libjpeg warned (corrupt data);
/// 2: libjpeg failed. `message` (of `message_size` bytes) gets libjpeg's own text.
int repair_jpeg_check(const uint8_t *bytes, size_t length, char *message, size_t message_size);

#endif
