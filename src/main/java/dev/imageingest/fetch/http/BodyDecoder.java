package dev.imageingest.fetch.http;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Turns the received bytes of a body into its decoded bytes, one bounded piece at a time, so a
 * compressed body (a gzip bomb) can never make us allocate more than {@value #PIECE} bytes before
 * the caller has checked its limits and its byte budget for that piece. We never ask for an
 * encoding (no {@code Accept-Encoding}; images are compressed already), but servers send gzip or
 * deflate anyway, so both are decoded; any other coding is refused by the caller.
 *
 * <p>Use: {@link #next(ByteBuf)} repeatedly on the same input until it returns null (input used
 * up), consuming each returned piece before the next call (pieces share one scratch array).
 */
abstract class BodyDecoder {
    /** Largest decoded piece handed out at once. */
    static final int PIECE = 64 * 1024;

    /** The next decoded piece of {@code in}, or null when {@code in} is used up. */
    abstract ByteBuffer next(ByteBuf in) throws DataFormatException;

    /** Frees native resources; idempotent. */
    void close() {}

    /** The decoder for a {@code Content-Encoding} value, or null when it is not supported. */
    static BodyDecoder forEncoding(String contentEncoding) {
        if (contentEncoding == null) {
            return new Identity();
        }
        String e = contentEncoding.trim().toLowerCase(java.util.Locale.ROOT);
        if (e.isEmpty() || e.equals("identity")) {
            return new Identity();
        }
        if (e.equals("gzip") || e.equals("x-gzip")) {
            return new Inflating(true);
        }
        if (e.equals("deflate")) {
            return new Inflating(false);
        }
        return null;
    }

    /** No coding: the received bytes, without copying. */
    private static final class Identity extends BodyDecoder {
        @Override
        ByteBuffer next(ByteBuf in) {
            if (!in.isReadable()) {
                return null;
            }
            int n = Math.min(in.readableBytes(), PIECE);
            ByteBuffer piece = in.nioBuffer(in.readerIndex(), n);
            in.skipBytes(n);
            return piece;
        }
    }

    /** gzip (RFC 1952) or deflate (zlib RFC 1950, or raw RFC 1951 as some servers send it). */
    private static final class Inflating extends BodyDecoder {
        private static final int FEXTRA = 4;
        private static final int FNAME = 8;
        private static final int FCOMMENT = 16;
        private static final int FHCRC = 2;

        private final boolean gzip;
        private final byte[] scratch = new byte[PIECE];
        private final byte[] input = new byte[PIECE];
        private Inflater inflater;
        private final GzipHeader header = new GzipHeader();

        Inflating(boolean gzip) {
            this.gzip = gzip;
        }

        @Override
        ByteBuffer next(ByteBuf in) throws DataFormatException {
            while (true) {
                if (inflater == null) {
                    if (gzip) {
                        if (!header.parse(in)) {
                            return null; // header incomplete: wait for more
                        }
                        inflater = new Inflater(true);
                    } else {
                        if (!in.isReadable()) {
                            return null;
                        }
                        // zlib streams start with CMF 0x?8 and a header checksum; else raw
                        int cmf = in.getUnsignedByte(in.readerIndex());
                        inflater = new Inflater((cmf & 0x0f) != 8);
                    }
                }
                if (inflater.finished()) {
                    in.skipBytes(in.readableBytes()); // trailer (CRC, size) and anything after
                    return null;
                }
                if (inflater.needsInput()) {
                    if (!in.isReadable()) {
                        return null;
                    }
                    int n = Math.min(in.readableBytes(), input.length);
                    in.readBytes(input, 0, n);
                    inflater.setInput(input, 0, n);
                }
                int produced = inflater.inflate(scratch);
                if (produced > 0) {
                    return ByteBuffer.wrap(scratch, 0, produced);
                }
                if (inflater.needsDictionary()) {
                    throw new DataFormatException("deflate stream needs a preset dictionary");
                }
                if (!inflater.finished() && !inflater.needsInput()) {
                    throw new DataFormatException("inflater made no progress");
                }
            }
        }

        @Override
        void close() {
            if (inflater != null) {
                inflater.end();
            }
        }

        /** Skips the gzip member header, which may arrive split across chunks. */
        private static final class GzipHeader {
            private final byte[] fixed = new byte[10];
            private int fixedRead;
            private int flags = -1;
            private int extraLeft = -1;
            private boolean nameDone;
            private boolean commentDone;
            private int crcLeft = 2;

            boolean parse(ByteBuf in) throws DataFormatException {
                while (fixedRead < fixed.length) {
                    if (!in.isReadable()) {
                        return false;
                    }
                    fixed[fixedRead++] = in.readByte();
                }
                if (flags < 0) {
                    if ((fixed[0] & 0xff) != 0x1f || (fixed[1] & 0xff) != 0x8b || fixed[2] != 8) {
                        throw new DataFormatException("not in gzip format");
                    }
                    flags = fixed[3] & 0xff;
                }
                if ((flags & FEXTRA) != 0) {
                    if (extraLeft < 0) {
                        if (in.readableBytes() < 2) {
                            return false;
                        }
                        extraLeft = in.readUnsignedShortLE();
                    }
                    int skip = Math.min(extraLeft, in.readableBytes());
                    in.skipBytes(skip);
                    extraLeft -= skip;
                    if (extraLeft > 0) {
                        return false;
                    }
                }
                if ((flags & FNAME) != 0 && !nameDone) {
                    nameDone = skipZeroTerminated(in);
                    if (!nameDone) {
                        return false;
                    }
                }
                if ((flags & FCOMMENT) != 0 && !commentDone) {
                    commentDone = skipZeroTerminated(in);
                    if (!commentDone) {
                        return false;
                    }
                }
                if ((flags & FHCRC) != 0) {
                    int skip = Math.min(crcLeft, in.readableBytes());
                    in.skipBytes(skip);
                    crcLeft -= skip;
                    return crcLeft == 0;
                }
                return true;
            }

            private static boolean skipZeroTerminated(ByteBuf in) {
                while (in.isReadable()) {
                    if (in.readByte() == 0) {
                        return true;
                    }
                }
                return false;
            }
        }
    }
}
