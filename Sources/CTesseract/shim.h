// The C surface of Tesseract and Leptonica that the OCR module uses.
#include <tesseract/capi.h>
#include <leptonica/allheaders.h>
