package dev.thinkrig.profiles;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only channel over bytes, optionally followed by zeros up to a larger size: a sparse file (a real header, then
 * gigabytes of tensor data nobody reads) without touching the disk.
 */
public final class InMemoryChannel implements SeekableByteChannel {

    private final byte[] bytes;
    private final long size;
    private long position;
    private boolean open = true;
    /** Bytes handed out by read(), so tests can check that no tensor data is read. */
    private long bytesRead;

    public InMemoryChannel(byte[] bytes) {
        this(bytes, bytes.length);
    }

    public InMemoryChannel(byte[] bytes, long size) {
        this.bytes = bytes.clone();
        this.size = Math.max(size, bytes.length);
    }

    @Override
    public int read(ByteBuffer dst) throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), size - position);
        for (int i = 0; i < n; i++) {
            long p = position + i;
            dst.put(p < bytes.length ? bytes[(int) p] : 0);
        }
        position += n;
        bytesRead += n;
        return n;
    }

    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
