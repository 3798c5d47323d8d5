package dev.imageingest.model;

import java.util.Objects;

/** One valid image record read from the queue. */
public final class ImageRequest {
    /** deterministic id derived from (url, bukken_id, image_type), see {@link RecordIds} */
    private String recordId;

    /** the image URL as the partner sent it */
    private String url;

    /** the listing id, kept as text (partners send numbers or strings) */
    private String bukkenId;

    /** the partner's image type code */
    private int imageType;

    /**
     * Where the message came from and how to delete it (delivery metadata, not part of the value:
     * excluded from equals and from the JSON); null when the record did not come from SQS.
     */
    private SqsReceipt receipt;

    /**
     * For Flink's POJO serializer only (it needs a public no-argument constructor and setters to
     * avoid the Kryo fallback, which the job disables); application code uses the full constructor.
     */
    public ImageRequest() {}

    public ImageRequest(String recordId, String url, String bukkenId, int imageType) {
        this.recordId = recordId;
        this.url = url;
        this.bukkenId = bukkenId;
        this.imageType = imageType;
    }

    public String recordId() {
        return recordId;
    }

    public String url() {
        return url;
    }

    public String bukkenId() {
        return bukkenId;
    }

    public int imageType() {
        return imageType;
    }

    public void setRecordId(String recordId) {
        this.recordId = recordId;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public void setBukkenId(String bukkenId) {
        this.bukkenId = bukkenId;
    }

    public void setImageType(int imageType) {
        this.imageType = imageType;
    }

    public SqsReceipt receipt() {
        return receipt;
    }

    public void setReceipt(SqsReceipt receipt) {
        this.receipt = receipt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ImageRequest)) {
            return false;
        }
        ImageRequest that = (ImageRequest) o;
        return Objects.equals(recordId, that.recordId)
                && Objects.equals(url, that.url)
                && Objects.equals(bukkenId, that.bukkenId)
                && imageType == that.imageType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(recordId, url, bukkenId, imageType);
    }

    @Override
    public String toString() {
        return "ImageRequest[recordId="
                + recordId
                + ", url="
                + url
                + ", bukkenId="
                + bukkenId
                + ", imageType="
                + imageType
                + "]";
    }
}
