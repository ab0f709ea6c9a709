// The C surface of poppler-glib and cairo that the PDF module uses.
#include <poppler.h>
#include <cairo.h>
