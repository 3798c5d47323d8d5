package dev.imageingest.fetch;

/** Image formats accepted for storage, with the extension and Content-Type written to S3. */
public enum ImageFormat {
    JPEG("jpg", "image/jpeg"),
    PNG("png", "image/png"),
    GIF("gif", "image/gif"),
    WEBP("webp", "image/webp"),
    AVIF("avif", "image/avif"),
    HEIC("heic", "image/heic"),
    HEIF("heif", "image/heif"),
    BMP("bmp", "image/bmp"),
    TIFF("tif", "image/tiff");

    private final String extension;
    private final String contentType;

    ImageFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }
}
