package org.partnernet.mongo;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link EmbeddedMongo} as its own process, so that several services (and several replicas of one) can share
 * one database, and tests can stop and restart it under running services.
 *
 * <pre>java -jar embedded-mongo-exec.jar [--port=27117] [--host=127.0.0.1] [--file=./data/mongo/partnernet.mv]</pre>
 *
 * Environment {@code MONGO_PORT}, {@code MONGO_HOST} and {@code MONGO_FILE} set the defaults; arguments win.
 * Prints {@code READY mongodb://...} on standard output once it accepts connections; SIGTERM closes it cleanly.
 */
public final class EmbeddedMongoServer {

    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private EmbeddedMongoServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        // A logback.xml in this jar would take over the logging of every service that depends on it, so the
        // standalone configuration has its own name and is chosen here, before the first logger exists.
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, "embedded-mongo-logback.xml");
        }
        Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: [--port=27117] [--host=127.0.0.1] [--file=./data/mongo/partnernet.mv]");
            System.exit(2);
            return;
        }

        log.warn("Single-machine mode: one embedded MongoDB-compatible server on one file, no replication, "
                + "not for production (use a MongoDB replica set there)");
        EmbeddedMongo mongo;
        try {
            mongo = EmbeddedMongo.start(options.file(), options.host(), options.port());
        } catch (RuntimeException e) {
            // the usual causes (file locked by another process, port taken) read best as one line
            log.error("cannot start: {}{}", e.getMessage(), e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : "");
            System.exit(1);
            return;
        }

        Path mongoFile = options.file().toAbsolutePath().normalize();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            mongo.close();
            log.info("stopped; {} closed cleanly", mongoFile);
            stopped.countDown();
        }, "embedded-mongo-shutdown"));

        // Scripts wait for this exact line.
        System.out.println("READY " + mongo.connectionString() + " file=" + mongoFile);
        System.out.flush();
        stopped.await();
    }

    record Options(Path file, String host, int port) {

        static Options parse(String[] args, Map<String, String> env) {
            String file = env.getOrDefault("MONGO_FILE", "./data/mongo/partnernet.mv");
            String host = env.getOrDefault("MONGO_HOST", "127.0.0.1");
            String port = env.getOrDefault("MONGO_PORT", "27117");
            for (String arg : args) {
                if (arg.startsWith("--file=")) {
                    file = arg.substring("--file=".length());
                } else if (arg.startsWith("--host=")) {
                    host = arg.substring("--host=".length());
                } else if (arg.startsWith("--port=")) {
                    port = arg.substring("--port=".length());
                } else {
                    throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
            try {
                int portNumber = Integer.parseInt(port);
                if (portNumber < 0 || portNumber > 65535) {
                    throw new IllegalArgumentException("port out of range: " + port);
                }
                return new Options(Path.of(file), host, portNumber);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port is not a number: " + port);
            }
        }
    }
}
