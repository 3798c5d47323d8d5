package dev.imageingest.fetch.http;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The downloader's threads: named, daemon, and (for DNS) a fixed number from the start. */
final class DownloaderThreads {
    private DownloaderThreads() {}

    /** Daemon threads named {@code name-1}, {@code name-2}, ... */
    static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * {@code threads} threads for blocking DNS lookups, all started at once: a fixed pool otherwise
     * adds a thread per lookup until it is full, so its size would depend on how many lookups
     * happened to run, and a restart test could not tell that growth from a leak.
     */
    static ExecutorService dnsPool(int threads) {
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(
                        threads,
                        threads,
                        0,
                        TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>(),
                        daemon("image-dns"));
        pool.prestartAllCoreThreads();
        return pool;
    }
}
