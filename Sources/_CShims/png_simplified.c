// libpng through its simplified API only (see include/ArmaturePNG.h).
#include "ArmaturePNG.h"

#include <png.h>
#include <string.h>

static void copy_message(const png_image *image, const char *fallback, char message[64]) {
  const char *text = image->message[0] != 0 ? image->message : fallback;
  strncpy(message, text, 63);
  message[63] = 0;
}

static png_uint_32 format_of(armature_png_layout layout) {
  switch (layout) {
  case ARMATURE_PNG_GRAY8: return PNG_FORMAT_GRAY;
  case ARMATURE_PNG_RGB8: return PNG_FORMAT_RGB;
  case ARMATURE_PNG_RGBA8: return PNG_FORMAT_RGBA;
  case ARMATURE_PNG_GRAY16: return PNG_FORMAT_LINEAR_Y;
  }
  return PNG_FORMAT_RGB;
}

int armature_png_read_header(const void *data, size_t size, armature_png_header *header, char message[64]) {
  png_image image;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  message[0] = 0;
  if (!png_image_begin_read_from_memory(&image, data, size)) {
    copy_message(&image, "not a readable PNG", message);
    png_image_free(&image);
    return 0;
  }
  header->width = image.width;
  header->height = image.height;
  header->has_color = (image.format & PNG_FORMAT_FLAG_COLOR) != 0;
  header->has_alpha = (image.format & PNG_FORMAT_FLAG_ALPHA) != 0;
  header->is_16bit = (image.format & PNG_FORMAT_FLAG_LINEAR) != 0;
  header->is_colormap = (image.format & PNG_FORMAT_FLAG_COLORMAP) != 0;
  png_image_free(&image);
  return 1;
}

int armature_png_decode(
  const void *data, size_t size, armature_png_layout layout, void *buffer, size_t capacity, char message[64]) {
  png_image image;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  message[0] = 0;
  if (!png_image_begin_read_from_memory(&image, data, size)) {
    copy_message(&image, "not a readable PNG", message);
    png_image_free(&image);
    return 0;
  }
  image.format = format_of(layout);
  if (layout != ARMATURE_PNG_GRAY16) image.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
  if (PNG_IMAGE_SIZE(image) > capacity) {
    strncpy(message, "decoded image does not fit the buffer", 63);
    message[63] = 0;
    png_image_free(&image);
    return 0;
  }
  if (!png_image_finish_read(&image, NULL, buffer, 0, NULL)) {
    copy_message(&image, "cannot decode the image data", message);
    png_image_free(&image);
    return 0;
  }
  png_image_free(&image);
  return 1;
}

size_t armature_png_encoded_size_bound(uint32_t width, uint32_t height, armature_png_layout layout) {
  png_image image;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = width;
  image.height = height;
  image.format = format_of(layout);
  // The bound overflows for images far beyond anything Armature renders; refuse those.
  double estimate = (double)width * (double)height * (double)PNG_IMAGE_PIXEL_SIZE(image.format);
  if (estimate > (double)((size_t)1 << 40)) return 0;
  return (size_t)PNG_IMAGE_PNG_SIZE_MAX(image);
}

int armature_png_encode(
  const void *pixels, uint32_t width, uint32_t height, armature_png_layout layout, int fast, void *out,
  size_t *out_size, char message[64]) {
  png_image image;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = width;
  image.height = height;
  image.format = format_of(layout);
  image.flags = fast ? PNG_IMAGE_FLAG_FAST : 0;
  message[0] = 0;
  png_alloc_size_t bytes = *out_size;
  if (!png_image_write_to_memory(&image, out, &bytes, 0, pixels, 0, NULL)) {
    copy_message(&image, "cannot encode the image", message);
    png_image_free(&image);
    return 0;
  }
  png_image_free(&image);
  *out_size = bytes;
  return 1;
}
