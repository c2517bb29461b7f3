#ifndef ARMATURE_PNG_H
#define ARMATURE_PNG_H
// Private libpng helpers for Armature's Rendering layer. Not API. Every function uses libpng's
// simplified png_image_* API, which catches libpng's errors (longjmp) inside libpng and reports
// them through return codes, so no longjmp ever crosses a Swift frame.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Pixel layouts Armature reads and writes.
typedef enum {
  ARMATURE_PNG_GRAY8 = 0,
  ARMATURE_PNG_RGB8 = 1,
  ARMATURE_PNG_RGBA8 = 2,
  ARMATURE_PNG_GRAY16 = 3,
} armature_png_layout;

/// What a PNG header says about the image.
typedef struct {
  uint32_t width;
  uint32_t height;
  int has_color;     ///< color (or palette) rather than grayscale
  int has_alpha;     ///< an alpha channel or a tRNS chunk
  int is_16bit;      ///< 16 bits per component
  int is_colormap;   ///< a palette image
} armature_png_header;

/// Reads the header of the PNG in `data`. Returns 1 on success; on failure returns 0 and copies
/// libpng's message (at most 63 characters and a NUL) into `message`.
int armature_png_read_header(const void *data, size_t size, armature_png_header *header, char message[64]);

/// Decodes the PNG in `data` into `buffer` (`capacity` bytes) in `layout`, rows top to bottom,
/// no padding; 16-bit components in native byte order. For 8-bit layouts, 16-bit files without
/// gamma information are taken as sRGB-encoded (scaled, not gamma-converted). Returns 1 on
/// success, 0 with a message on failure.
int armature_png_decode(
  const void *data, size_t size, armature_png_layout layout, void *buffer, size_t capacity, char message[64]);

/// An upper bound on the encoded size of an image (libpng's PNG_IMAGE_PNG_SIZE_MAX); 0 when the
/// image is too large to encode in memory.
size_t armature_png_encoded_size_bound(uint32_t width, uint32_t height, armature_png_layout layout);

/// Encodes `pixels` (rows top to bottom, no padding, 16-bit components in native byte order) into
/// `out`, whose capacity is `*out_size` bytes; on success sets `*out_size` to the bytes written and
/// returns 1. `fast` trades compression for speed. Returns 0 with a message on failure.
int armature_png_encode(
  const void *pixels, uint32_t width, uint32_t height, armature_png_layout layout, int fast, void *out,
  size_t *out_size, char message[64]);

#ifdef __cplusplus
}
#endif
#endif
