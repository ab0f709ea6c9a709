#include "jpeg_check.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <jpeglib.h>

struct checker {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    int warned;
    char message[JMSG_LENGTH_MAX];
};

static void on_error(j_common_ptr info) {
    struct checker *checker = (struct checker *)info->err;
    (*info->err->format_message)(info, checker->message);
    longjmp(checker->jump, 1);
}

static void on_message(j_common_ptr info, int level) {
    struct checker *checker = (struct checker *)info->err;
    if (level < 0 && !checker->warned) {  // a warning: corrupt data libjpeg would go on past
        checker->warned = 1;
        (*info->err->format_message)(info, checker->message);
    }
}

int repair_jpeg_check(const uint8_t *bytes, size_t length, char *message, size_t message_size) {
    struct jpeg_decompress_struct decoder;
    struct checker checker;
    memset(&checker, 0, sizeof checker);
    decoder.err = jpeg_std_error(&checker.manager);
    checker.manager.error_exit = on_error;
    checker.manager.emit_message = on_message;
    int result = 0;
    if (setjmp(checker.jump)) {
        result = 2;
    } else {
        jpeg_create_decompress(&decoder);
        jpeg_mem_src(&decoder, bytes, (unsigned long)length);
        jpeg_read_header(&decoder, TRUE);
        jpeg_start_decompress(&decoder);
        JSAMPARRAY row = (*decoder.mem->alloc_sarray)(
            (j_common_ptr)&decoder, JPOOL_IMAGE, decoder.output_width * decoder.output_components, 1);
        while (decoder.output_scanline < decoder.output_height) {
            jpeg_read_scanlines(&decoder, row, 1);
        }
        jpeg_finish_decompress(&decoder);
        result = checker.warned ? 1 : 0;
    }
    jpeg_destroy_decompress(&decoder);
    if (message != NULL && message_size > 0) {
        strncpy(message, checker.message, message_size - 1);
        message[message_size - 1] = '\0';
    }
    return result;
}
