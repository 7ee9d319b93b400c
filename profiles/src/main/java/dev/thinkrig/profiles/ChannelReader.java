package dev.thinkrig.profiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;

/**
 * Little-endian reads from the start of a channel through one 64 KiB buffer, so a header is read in a few system
 * calls and nothing beyond it is touched. Every read names its offset when the file ends first, and no read allocates
 * more than the caller's limit or the bytes left in the file.
 */
public final class ChannelReader {

    static final int BUFFER_BYTES = 64 * 1024;

    /** Zero-byte reads in a row before a channel that makes no progress counts as broken (never spin). */
    private static final int MAX_EMPTY_READS = 16;

    private final SeekableByteChannel channel;
    private final String source;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    /** File offset of buffer index 0. */
    private long bufferStart;

    public ChannelReader(SeekableByteChannel channel, String source) {
        this.channel = channel;
        this.source = source;
        try {
            this.size = channel.size();
        } catch (IOException e) {
            throw new ModelFileException(source, ModelFileException.NO_OFFSET, "cannot read: " + e.getMessage(), e);
        }
        buffer.limit(0);
    }

    public String source() {
        return source;
    }

    public long size() {
        return size;
    }

    /** The offset of the next byte to read. */
    public long position() {
        return bufferStart + buffer.position();
    }

    public long remaining() {
        return size - position();
    }

    public ModelFileException error(long offset, String message) {
        return new ModelFileException(source, offset, message);
    }

    public int u8() {
        fill(1);
        return buffer.get() & 0xff;
    }

    public int u16() {
        fill(2);
        return buffer.getShort() & 0xffff;
    }

    public long u32() {
        fill(4);
        return buffer.getInt() & 0xffffffffL;
    }

    public int i32() {
        fill(4);
        return buffer.getInt();
    }

    /** A 64-bit value; unsigned values of 2^63 and above come back negative and callers reject them. */
    public long i64() {
        fill(8);
        return buffer.getLong();
    }

    public float f32() {
        fill(4);
        return buffer.getFloat();
    }

    public double f64() {
        fill(8);
        return buffer.getDouble();
    }

    /** Exactly {@code length} bytes; the caller has checked {@code length} against its own limit. */
    public byte[] bytes(int length) {
        byte[] out = new byte[checkedLength(length)];
        int done = 0;
        while (done < length) {
            if (!buffer.hasRemaining()) {
                fill(1);
            }
            int n = Math.min(buffer.remaining(), length - done);
            buffer.get(out, done, n);
            done += n;
        }
        return out;
    }

    /** Skips {@code length} bytes without reading them when they lie beyond the buffer. */
    public void skip(long length) {
        if (length < 0 || length > remaining()) {
            throw truncated(length);
        }
        if (length <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) length);
            return;
        }
        long target = position() + length;
        bufferStart = target;
        buffer.clear().limit(0);
    }

    private int checkedLength(int length) {
        if (length < 0 || length > remaining()) {
            throw truncated(length);
        }
        return length;
    }

    private ModelFileException truncated(long wanted) {
        return error(
                position(),
                "the file ends after " + size + " bytes, " + remaining() + " bytes from here, but " + wanted
                        + " more bytes were expected (truncated file?)");
    }

    /** Ensures {@code n} bytes (at most the buffer's capacity) are buffered. */
    private void fill(int n) {
        if (buffer.remaining() >= n) {
            return;
        }
        if (remaining() < n) {
            throw truncated(n);
        }
        int consumed = buffer.position();
        buffer.compact();
        bufferStart += consumed;
        int empty = 0;
        try {
            while (buffer.position() < n) {
                channel.position(bufferStart + buffer.position());
                int read = channel.read(buffer);
                if (read < 0) {
                    buffer.flip();
                    throw truncated(n);
                }
                if (read == 0 && ++empty > MAX_EMPTY_READS) {
                    buffer.flip();
                    throw error(position(), "the channel returns no data");
                }
            }
        } catch (IOException e) {
            throw new ModelFileException(source, bufferStart, "cannot read: " + e.getMessage(), e);
        }
        buffer.flip();
    }

    /** Reads exactly {@code length} bytes at {@code offset}: for formats that read a few fixed spans. */
    public static ByteBuffer readAt(SeekableByteChannel channel, String source, long offset, int length) {
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        int empty = 0;
        try {
            channel.position(offset);
            while (out.hasRemaining()) {
                int read = channel.read(out);
                if (read < 0) {
                    throw new ModelFileException(
                            source,
                            offset + out.position(),
                            "the file ends after " + channel.size() + " bytes, but " + out.remaining()
                                    + " more bytes were expected (truncated file?)");
                }
                if (read == 0 && ++empty > MAX_EMPTY_READS) {
                    throw new ModelFileException(source, offset + out.position(), "the channel returns no data");
                }
            }
        } catch (IOException e) {
            throw new ModelFileException(source, offset, "cannot read: " + e.getMessage(), e);
        }
        return out.flip();
    }
}
