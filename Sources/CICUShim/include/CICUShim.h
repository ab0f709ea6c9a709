// ICU behind a stable, stdint-only surface. ICU renames its C symbols per version
// (unorm2_normalize_72) and its headers clash with Foundation's own ICU, so only
// shim.c includes ICU; Swift sees these prototypes and nothing else.
#ifndef CICUSHIM_H
#define CICUSHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Normalization forms understood by repair_icu_normalize.
enum {
    REPAIR_ICU_NFC = 0,
    REPAIR_ICU_NFKC = 1,
    REPAIR_ICU_NFD = 2,
    REPAIR_ICU_NFKD = 3,
};

/// Normalizes UTF-8 `src` (length `srcLength` bytes) into `dst` (capacity `dstCapacity`).
/// Returns the number of bytes the result needs; when that exceeds `dstCapacity` nothing
/// useful was written and the caller retries with a larger buffer. Returns -1 on an ICU
/// error (invalid UTF-8 included), with the ICU error code in `*errorCode`.
int32_t repair_icu_normalize(int32_t form, const uint8_t *src, int32_t srcLength,
                             uint8_t *dst, int32_t dstCapacity, int32_t *errorCode);

/// 1 when `src` is already in `form`, 0 when it is not, -1 on error.
int32_t repair_icu_is_normalized(int32_t form, const uint8_t *src, int32_t srcLength,
                                 int32_t *errorCode);

/// Converts `src` in the named character set (any name ICU's converters know: "latin1",
/// "windows-1252", "UTF-16", ...) to UTF-8. Same return convention as repair_icu_normalize.
/// A byte sequence that is invalid in that encoding is an error (U_INVALID_CHAR_FOUND etc.).
int32_t repair_icu_convert_to_utf8(const char *encoding, const uint8_t *src, int32_t srcLength,
                                   uint8_t *dst, int32_t dstCapacity, int32_t *errorCode);

/// ICU's name for an error code (a static string).
const char *repair_icu_error_name(int32_t errorCode);

/// The ICU version, "72.1".
const char *repair_icu_version(void);

#ifdef __cplusplus
}
#endif
#endif
