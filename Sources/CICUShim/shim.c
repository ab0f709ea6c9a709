// The only file that includes ICU: forwards the stable names in CICUShim.h to ICU's
// versioned symbols, converting UTF-8 <-> UTF-16 at the edge.
#include "CICUShim.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>
#include <unicode/utypes.h>

static const UNormalizer2 *normalizer_for(int32_t form, UErrorCode *status) {
    switch (form) {
    case REPAIR_ICU_NFC: return unorm2_getNFCInstance(status);
    case REPAIR_ICU_NFKC: return unorm2_getNFKCInstance(status);
    case REPAIR_ICU_NFD: return unorm2_getNFDInstance(status);
    case REPAIR_ICU_NFKD: return unorm2_getNFKDInstance(status);
    default: *status = U_ILLEGAL_ARGUMENT_ERROR; return NULL;
    }
}

// UTF-8 -> freshly allocated UTF-16. Invalid UTF-8 is an error, not U+FFFD.
static UChar *to_utf16(const uint8_t *src, int32_t srcLength, int32_t *outLength, UErrorCode *status) {
    int32_t needed = 0;
    u_strFromUTF8(NULL, 0, &needed, (const char *)src, srcLength, status);
    if (*status == U_BUFFER_OVERFLOW_ERROR || *status == U_STRING_NOT_TERMINATED_WARNING) *status = U_ZERO_ERROR;
    if (U_FAILURE(*status)) return NULL;
    UChar *buffer = (UChar *)malloc(sizeof(UChar) * (size_t)(needed + 1));
    if (!buffer) { *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    u_strFromUTF8(buffer, needed + 1, outLength, (const char *)src, srcLength, status);
    if (U_FAILURE(*status)) { free(buffer); return NULL; }
    return buffer;
}

static int32_t from_utf16(const UChar *src, int32_t length, uint8_t *dst, int32_t dstCapacity, UErrorCode *status) {
    int32_t needed = 0;
    u_strToUTF8((char *)dst, dstCapacity, &needed, src, length, status);
    if (*status == U_BUFFER_OVERFLOW_ERROR || *status == U_STRING_NOT_TERMINATED_WARNING) *status = U_ZERO_ERROR;
    return U_FAILURE(*status) ? -1 : needed;
}

int32_t repair_icu_normalize(int32_t form, const uint8_t *src, int32_t srcLength,
                             uint8_t *dst, int32_t dstCapacity, int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = normalizer_for(form, &status);
    int32_t length16 = 0;
    UChar *text = U_SUCCESS(status) ? to_utf16(src, srcLength, &length16, &status) : NULL;
    if (!text) { *errorCode = (int32_t)status; return -1; }

    int32_t capacity = length16 * 3 + 16;
    UChar *normalized = (UChar *)malloc(sizeof(UChar) * (size_t)capacity);
    int32_t length = normalized ? unorm2_normalize(normalizer, text, length16, normalized, capacity, &status) : 0;
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        status = U_ZERO_ERROR;
        free(normalized);
        capacity = length + 1;
        normalized = (UChar *)malloc(sizeof(UChar) * (size_t)capacity);
        if (normalized) length = unorm2_normalize(normalizer, text, length16, normalized, capacity, &status);
    }
    free(text);
    if (!normalized) { *errorCode = (int32_t)U_MEMORY_ALLOCATION_ERROR; return -1; }
    if (U_FAILURE(status)) { free(normalized); *errorCode = (int32_t)status; return -1; }
    int32_t result = from_utf16(normalized, length, dst, dstCapacity, &status);
    free(normalized);
    *errorCode = (int32_t)status;
    return result;
}

int32_t repair_icu_is_normalized(int32_t form, const uint8_t *src, int32_t srcLength, int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = normalizer_for(form, &status);
    int32_t length16 = 0;
    UChar *text = U_SUCCESS(status) ? to_utf16(src, srcLength, &length16, &status) : NULL;
    if (!text) { *errorCode = (int32_t)status; return -1; }
    UBool yes = unorm2_isNormalized(normalizer, text, length16, &status);
    free(text);
    *errorCode = (int32_t)status;
    if (U_FAILURE(status)) return -1;
    return yes ? 1 : 0;
}

int32_t repair_icu_convert_to_utf8(const char *encoding, const uint8_t *src, int32_t srcLength,
                                   uint8_t *dst, int32_t dstCapacity, int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *converter = ucnv_open(encoding, &status);
    if (U_FAILURE(status)) { *errorCode = (int32_t)status; return -1; }
    // Stop at the first byte that is not valid in the source encoding.
    ucnv_setToUCallBack(converter, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
    int32_t capacity = srcLength * 2 + 16;
    UChar *text = (UChar *)malloc(sizeof(UChar) * (size_t)capacity);
    if (!text) { ucnv_close(converter); *errorCode = (int32_t)U_MEMORY_ALLOCATION_ERROR; return -1; }
    int32_t length = ucnv_toUChars(converter, text, capacity, (const char *)src, srcLength, &status);
    ucnv_close(converter);
    if (U_FAILURE(status)) { free(text); *errorCode = (int32_t)status; return -1; }
    int32_t result = from_utf16(text, length, dst, dstCapacity, &status);
    free(text);
    *errorCode = (int32_t)status;
    return result;
}

const char *repair_icu_error_name(int32_t errorCode) {
    return u_errorName((UErrorCode)errorCode);
}

const char *repair_icu_version(void) {
    static char version[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, version);
    return version;
}
