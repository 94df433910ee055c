package org.partnernet.mongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

import de.bwaldvogel.mongo.MongoServer;

/**
 * A MongoDB-wire-protocol server on one H2 file, for single-machine mode, in-process or standalone.
 *
 * <p>Durable: every write is in the file (handed to the OS) before the driver gets its acknowledgement, so it
 * survives {@code kill -9} of this process. See {@link DurableH2Backend}. One process at a time may open a file
 * (H2 locks it).
 *
 * <p>Thread-safe: any number of driver connections may use it at once.
 */
public final class EmbeddedMongo implements AutoCloseable {

    /**
     * Netty event-loop threads serving the connections. A command's thread waits for the group commit that covers
     * it, and a connection is pinned to one loop, so the number of loops bounds how many writes can share a commit.
     * Netty's default (twice the cores: 4 here) would cap a group at 4; with this many, each of up to 64 pooled
     * driver connections has a loop of its own. An idle loop costs a parked thread.
     */
    static final int CONNECTION_THREADS = 64;

    private final MongoServer server;
    private final InetSocketAddress address;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedMongo(MongoServer server) {
        this.server = server;
        this.address = server.getLocalAddress();
    }

    /**
     * Opens (or creates) the database file and listens on {@code host:port}.
     *
     * @param port 0 picks a free port; {@link #address()} tells which
     * @throws IllegalStateException if the file cannot be opened, e.g. another process holds it
     */
    public static EmbeddedMongo start(Path file, String host, int port) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory for " + absolute, e);
        }
        MVStore store;
        try {
            store = new MVStore.Builder()
                    .fileName(absolute.toString())
                    // no background writer: DurableH2Backend commits before it replies instead
                    .autoCommitDisabled()
                    // Each commit rewrites (and re-serializes) every page its write touched. Smaller pages than the
                    // 4 KiB default cut a single-insert commit from ~45 KiB to ~15 KiB (measured with two indexes),
                    // which is less I/O and CPU per write and a third of the dead chunks awaiting reuse.
                    .pageSplitSize(2 * 1024)
                    .open();
        } catch (MVStoreException e) {
            throw new IllegalStateException("cannot open " + absolute + " (is another process using it?)", e);
        }
        DurableH2Backend backend;
        try {
            backend = new DurableH2Backend(store); // opens the databases already in the file
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        MongoServer server = new MongoServer(backend);
        // On failure bind() shuts the server down itself, which closes the backend, the store and its file lock.
        server.bind(new InetSocketAddress(host, port), 1, CONNECTION_THREADS);
        return new EmbeddedMongo(server);
    }

    /** {@code mongodb://<ip>:<port>}; {@code 127.0.0.1} when listening on all interfaces. */
    public String connectionString() {
        InetAddress ip = address.getAddress();
        String host;
        if (ip.isAnyLocalAddress()) {
            host = "127.0.0.1";
        } else if (ip instanceof Inet6Address) {
            host = "[" + ip.getHostAddress() + "]";
        } else {
            host = ip.getHostAddress();
        }
        return "mongodb://" + host + ":" + address.getPort();
    }

    public InetSocketAddress address() {
        return address;
    }

    /**
     * Stops listening, drops the connections, lets commands already running finish, then commits and closes the
     * file. Safe to call more than once.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.shutdownNow();
        }
    }
}
