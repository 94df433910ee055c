package org.partnernet.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole platform as real processes on real sockets: Keycloak (through deploy/keycloak/keycloak.sh, the same
 * script ./partnernet uses), the embedded MongoDB process, the three services and the gateway, each on free ports
 * with its log under target/e2e-logs/. Started once per test run and stopped at the end, on failure too; two
 * watchdogs stop the children if this JVM dies without running its shutdown hooks.
 */
public final class Platform implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("partnernet.e2e.readyTimeoutSeconds", 480));
    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    static final String JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k";

    /** Variables a developer's shell may carry that would point a child somewhere else. */
    private static final List<String> SCRUBBED = List.of("MONGODB_URI", "GRPC_PORT", "HTTP_PORT", "KEYCLOAK_ISSUER",
            "KEYCLOAK_PORT", "KEYCLOAK_MANAGEMENT_PORT", "KEYCLOAK_HOME", "KEYCLOAK_LOG", "KEYCLOAK_PID_FILE",
            "KEYCLOAK_JAVA_OPTS", "GATEWAY_PORT", "GATEWAY_GRPC_PORT", "DIRECTORY_TARGET", "RESOURCES_TARGET",
            "REFERRAL_TARGET", "PARTNERNET_DATA_DIR", "PARTNERNET_NETWORK_ID", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
            "SPRING_PROFILES_ACTIVE", "SPRING_APPLICATION_JSON", "SERVICE_CLIENT_ID", "SERVICE_CLIENT_SECRET",
            "GATEWAY_CLIENT_SECRET", "GATEWAY_MAX_BODY_SIZE", "GATEWAY_RATE_USER", "GATEWAY_BURST_USER", "GATEWAY_RATE_ORG",
            "GATEWAY_BURST_ORG", "GATEWAY_PARTNER_STATUS_CHECK", "PARTNERNET_GATEWAY_CLIENT_SECRET",
            "PARTNER_DIRECTORY_CLIENT_SECRET", "RESOURCES_SERVICE_CLIENT_SECRET", "REFERRAL_SERVICE_CLIENT_SECRET",
            "PARTNERNET_DEMO_DATA", "LOG_FORMAT");

    private final Path root;
    private final Path workDir;
    private final Path logDir;
    private final Path runDir;
    private final Ports ports = new Ports();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, URI> readiness = new LinkedHashMap<>();
    private final Map<String, ChildProcess> children = new LinkedHashMap<>();
    /** How each child was started, so a fault test can start it again the same way. */
    private final Map<String, Launch> launches = new LinkedHashMap<>();
    /** The test instance's bootstrap admin; its database outlives a run, so the password is fixed (loopback only). */
    private final String adminPassword = "admin";
    private FileChannel lockChannel;
    private FileLock lock;
    private Process watchdog;
    private boolean keycloakStarted;
    private boolean closed;

    final int keycloakPort;
    final int keycloakManagementPort;
    final int mongoPort;
    final int gatewayPort;
    final int gatewayGrpcPort;
    final Map<String, Integer> grpcPorts = new LinkedHashMap<>();
    final Map<String, Integer> httpPorts = new LinkedHashMap<>();

    private Platform(Path root, Path workDir) {
        this.root = root;
        this.workDir = workDir;
        this.logDir = workDir.resolve("e2e-logs");
        this.runDir = workDir.resolve("e2e-run");
        this.keycloakPort = ports.next();
        this.keycloakManagementPort = ports.next();
        this.mongoPort = ports.next();
        this.gatewayPort = ports.next();
        this.gatewayGrpcPort = ports.next();
        for (String service : List.of("partner-directory", "resources-service", "referral-service")) {
            grpcPorts.put(service, ports.next());
            httpPorts.put(service, ports.next());
        }
    }

    static Platform start() {
        Path root = Path.of(System.getProperty("partnernet.root", "..")).toAbsolutePath().normalize();
        Path workDir = Path.of(System.getProperty("partnernet.e2e.dir", root.resolve("e2e/target").toString()))
                .toAbsolutePath().normalize();
        Platform platform = new Platform(root, workDir);
        try {
            platform.startAll();
            return platform;
        } catch (Exception | Error e) {
            platform.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The gateway's browser-login client secret, the realm file's development default. */
    static final String GATEWAY_CLIENT_SECRET = "dev-partnernet-gateway-secret";

    public URI gateway() {
        return URI.create("http://localhost:" + gatewayPort);
    }

    public URI keycloak() {
        return URI.create("http://localhost:" + keycloakPort);
    }

    String issuer() {
        return keycloak() + "/realms/partnernet";
    }

    public String keycloakAdminPassword() {
        return adminPassword;
    }

    Path logDir() {
        return logDir;
    }

    private void startAll() throws Exception {
        Files.createDirectories(runDir);
        acquireRunLock();
        stopLeftoversOfAnEarlierRun();
        deleteRecursively(logDir);
        deleteRecursively(workDir.resolve("e2e-data"));
        Files.createDirectories(logDir);
        Path dataDir = Files.createDirectories(workDir.resolve("e2e-data"));
        Files.createDirectories(dataDir.resolve("mongo"));
        startWatchdog();

        List<String> missing = Stream.of(jar("mongo"), jar("partner-directory"), jar("resources-service"),
                jar("referral-service"), jar("gateway")).filter(p -> !Files.isRegularFile(p)).map(Path::toString)
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("missing jars " + missing
                    + ": build them first (./mvnw -B verify builds the whole reactor, or ./mvnw -B -q install -DskipTests)");
        }

        startKeycloak();
        long t0 = System.nanoTime();
        startChild("mongo", jar("mongo"), Map.of(), List.of("--port=" + mongoPort,
                "--file=" + dataDir.resolve("mongo/partnernet.mv")));
        awaitPort("mongo", mongoPort, Duration.ofSeconds(60));

        Map<String, String> common = new LinkedHashMap<>();
        common.put("KEYCLOAK_ISSUER", issuer());
        common.put("PARTNERNET_NETWORK_ID", "demo");
        common.put("PARTNERNET_DATA_DIR", dataDir.toString());
        common.put("DIRECTORY_TARGET", "localhost:" + grpcPorts.get("partner-directory"));
        common.put("RESOURCES_TARGET", "localhost:" + grpcPorts.get("resources-service"));
        common.put("REFERRAL_TARGET", "localhost:" + grpcPorts.get("referral-service"));
        for (String service : grpcPorts.keySet()) {
            Map<String, String> env = new LinkedHashMap<>(common);
            env.put("GRPC_PORT", String.valueOf(grpcPorts.get(service)));
            env.put("HTTP_PORT", String.valueOf(httpPorts.get(service)));
            env.put("MONGODB_URI", "mongodb://127.0.0.1:" + mongoPort);
            env.put("SERVICE_CLIENT_ID", service);
            env.put("SERVICE_CLIENT_SECRET", "dev-" + service + "-secret");
            if (service.equals("partner-directory")) {
                // approval creates the organisation in Keycloak, suspension disables its accounts (OnboardingIT)
                env.put("DIRECTORY_KEYCLOAK_ADMIN", "true");
            }
            startChild(service, jar(service), env, List.of());
            readiness.put(service, URI.create("http://127.0.0.1:" + httpPorts.get(service) + "/actuator/health/readiness"));
        }
        Map<String, String> gatewayEnv = new LinkedHashMap<>(common);
        gatewayEnv.put("GATEWAY_PORT", String.valueOf(gatewayPort));
        gatewayEnv.put("GATEWAY_GRPC_PORT", String.valueOf(gatewayGrpcPort));
        gatewayEnv.put("GATEWAY_CLIENT_SECRET", GATEWAY_CLIENT_SECRET);
        startChild("gateway", jar("gateway"), gatewayEnv, List.of());
        readiness.put("gateway", URI.create("http://127.0.0.1:" + gatewayPort + "/actuator/health/readiness"));

        awaitReady();
        System.out.printf("e2e: platform ready in %d s after Keycloak's start (gateway %s, Keycloak %s, logs %s)%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0), gateway(), keycloak(), logDir);
    }

    private Path jar(String name) {
        return name.equals("mongo")
                ? root.resolve("embedded-mongo/target/embedded-mongo-exec.jar")
                : root.resolve(name + "/target/" + name + ".jar");
    }

    // ---- Keycloak, through the same script as ./partnernet ----

    private Map<String, String> keycloakEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KEYCLOAK_PORT", String.valueOf(keycloakPort));
        env.put("KEYCLOAK_MANAGEMENT_PORT", String.valueOf(keycloakManagementPort));
        // A separate instance: its own database, so it neither disturbs nor is disturbed by ./partnernet up.
        env.put("KEYCLOAK_HOME", root.resolve(".tools/keycloak-e2e").toString());
        env.put("KEYCLOAK_LOG", logDir.resolve("keycloak.log").toString());
        env.put("KEYCLOAK_PID_FILE", runDir.resolve("keycloak.pid").toString());
        env.put("KEYCLOAK_ADMIN", "admin");
        env.put("KEYCLOAK_ADMIN_PASSWORD", adminPassword);
        env.put("KEYCLOAK_PARENT_PID", String.valueOf(ProcessHandle.current().pid()));
        env.put("KEYCLOAK_WAIT_SECONDS", String.valueOf(READY_TIMEOUT.toSeconds()));
        return env;
    }

    private void startKeycloak() throws IOException, InterruptedException {
        // The instance keeps its database between runs (a warm start is far quicker than an import); keycloak.sh
        // resets it whenever the realm file changes, and a fresh clone always starts from the realm file.
        keycloakStarted = true;
        int exit = keycloakScript("start", Duration.ofMinutes(10));
        if (exit != 0) {
            throw new IllegalStateException("deploy/keycloak/keycloak.sh start failed (exit " + exit + "):\n"
                    + ChildProcess.tail(logDir.resolve("keycloak-script.log"), 30));
        }
        readiness.put("keycloak", URI.create("http://127.0.0.1:" + keycloakManagementPort + "/health/ready"));
    }

    private int keycloakScript(String command, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("deploy/keycloak/keycloak.sh").toString(), command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("keycloak-script.log").toFile()));
        scrubEnvironment(builder.environment());
        builder.environment().putAll(keycloakEnv());
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private boolean keycloakAlive() {
        try {
            long pid = Long.parseLong(Files.readString(runDir.resolve("keycloak.pid")).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    // ---- the other children ----

    private void startChild(String name, Path jar, Map<String, String> env, List<String> args) throws IOException {
        launches.put(name, new Launch(jar, env, args));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(JAVA_OPTS.split(" ")));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        ChildProcess child = ChildProcess.start(name, command, env, root, logDir.resolve(name + ".log"));
        children.put(name, child);
        Files.writeString(runDir.resolve("children.pids"), child.pid() + " " + name + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void awaitPort(String name, int port, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                ensureAlive(name);
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException(name + " did not open port " + port + " within " + timeout.toSeconds()
                + " s; see " + logDir.resolve(name + ".log"));
    }

    private void ensureAlive(String name) {
        if (name.equals("keycloak")) {
            if (!keycloakAlive()) {
                throw new IllegalStateException("Keycloak exited before it was ready; last lines of "
                        + logDir.resolve("keycloak.log") + ":\n" + ChildProcess.tail(logDir.resolve("keycloak.log"), 30));
            }
            return;
        }
        ChildProcess child = children.get(name);
        if (child != null && !child.isAlive()) {
            throw new IllegalStateException(name + " exited before it was ready; last lines of " + child.log() + ":\n"
                    + child.tail(30));
        }
    }

    private void awaitReady() throws InterruptedException {
        awaitReady(readiness);
    }

    private void awaitReady(Map<String, URI> awaited) throws InterruptedException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        Map<String, URI> pending = new LinkedHashMap<>(awaited);
        while (!pending.isEmpty()) {
            pending.entrySet().removeIf(e -> {
                if (isReady(e.getValue())) {
                    System.out.println("e2e: " + e.getKey() + " is ready");
                    return true;
                }
                return false;
            });
            pending.keySet().forEach(this::ensureAlive);
            if (pending.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                StringBuilder message = new StringBuilder("not ready within " + READY_TIMEOUT.toSeconds() + " s:");
                pending.forEach((name, uri) -> message.append("\n  ").append(name).append(" (").append(uri)
                        .append("), log ").append(logDir.resolve(name + ".log")).append(":\n")
                        .append(ChildProcess.tail(logDir.resolve(name + ".log"), 15)));
                throw new IllegalStateException(message.toString());
            }
            Thread.sleep(500);
        }
    }

    private boolean isReady(URI uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- no orphans ----

    /** Only one run at a time in this working tree: several people share it, and Keycloak's database is per tree. */
    private void acquireRunLock() throws IOException, InterruptedException {
        lockChannel = FileChannel.open(runDir.resolve("e2e.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(20));
        boolean told = false;
        while ((lock = lockChannel.tryLock()) == null) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("another end-to-end run holds " + runDir.resolve("e2e.lock"));
            }
            if (!told) {
                System.out.println("e2e: another end-to-end run is active in this tree; waiting for it to finish");
                told = true;
            }
            Thread.sleep(2000);
        }
    }

    /** Children a killed earlier run left behind (its watchdog normally got them already). */
    private void stopLeftoversOfAnEarlierRun() throws IOException, InterruptedException {
        Path pids = runDir.resolve("children.pids");
        if (Files.exists(pids)) {
            for (String line : Files.readAllLines(pids)) {
                String[] parts = line.trim().split(" ");
                if (parts[0].isEmpty()) {
                    continue;
                }
                ProcessHandle.of(Long.parseLong(parts[0]))
                        .filter(p -> p.info().commandLine().orElse("").contains(root.toString()))
                        .ifPresent(p -> {
                            System.out.println("e2e: stopping " + parts[1] + " left over from an earlier run (pid " + p.pid() + ")");
                            p.destroyForcibly();
                        });
            }
            Files.delete(pids);
        }
        if (Files.exists(runDir.resolve("keycloak.pid"))) {
            Files.createDirectories(logDir);
            keycloakScript("stop", Duration.ofSeconds(60));
        }
    }

    /** Kills the recorded children when this JVM is gone, even after a kill -9 that skips shutdown hooks. */
    private void startWatchdog() throws IOException {
        String script = """
                trap '' INT HUP
                while kill -0 "$1" 2>/dev/null; do sleep 1; done
                [ -f "$2" ] || exit 0
                pids=$(cut -d' ' -f1 "$2")
                [ -n "$pids" ] || exit 0
                kill -TERM $pids 2>/dev/null
                sleep 10
                kill -KILL $pids 2>/dev/null
                exit 0
                """;
        watchdog = new ProcessBuilder("bash", "-c", script, "e2e-watchdog",
                String.valueOf(ProcessHandle.current().pid()), runDir.resolve("children.pids").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ChildProcess> reversed = new ArrayList<>(children.values());
        java.util.Collections.reverse(reversed);
        reversed.forEach(ChildProcess::terminate);
        reversed.forEach(c -> c.awaitExit(STOP_GRACE));
        children.clear();
        try {
            Files.deleteIfExists(runDir.resolve("children.pids"));
            if (keycloakStarted) {
                keycloakScript("stop", Duration.ofSeconds(60));
            }
        } catch (IOException e) {
            System.err.println("e2e: stopping Keycloak failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (watchdog != null) {
            watchdog.destroy();
        }
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }

    // ---- faults (FaultsIT) ----

    private record Launch(Path jar, Map<String, String> env, List<String> args) {
    }

    /** Kills a child at once (SIGKILL), as a crash or the OOM killer would, and waits until it is gone. */
    public synchronized void kill(String name) {
        child(name).kill();
    }

    /** Freezes a child (SIGSTOP): its port stays open, its calls hang. {@link #resume} lets it go on. */
    public synchronized void pause(String name) {
        child(name).signal("STOP");
    }

    public synchronized void resume(String name) {
        child(name).signal("CONT");
    }

    private ChildProcess child(String name) {
        ChildProcess child = children.get(name);
        if (child == null) {
            throw new IllegalArgumentException("no child " + name + " (have " + children.keySet() + ")");
        }
        return child;
    }

    /**
     * Starts a child that was stopped (by {@link #kill}) again, as it was first started (same ports, data and
     * log, appended), and waits until it is ready: a service's readiness, the database's port.
     */
    public void restart(String name) {
        Launch launch;
        synchronized (this) {
            launch = launches.get(name);
            if (launch == null || children.get(name).isAlive()) {
                throw new IllegalStateException(name + " is not a stopped child");
            }
            try {
                startChild(name, launch.jar(), launch.env(), launch.args());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            if (name.equals("mongo")) {
                awaitPort(name, mongoPort, READY_TIMEOUT);
            } else {
                awaitReady(Map.of(name, readiness.get(name)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void scrubEnvironment(Map<String, String> env) {
        SCRUBBED.forEach(env::remove);
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
