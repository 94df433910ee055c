package org.partnernet.e2e;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the platform once per run, in the root context's store, which closes it when the run ends (on failure
 * too). A JVM shutdown hook covers an interrupted run; the watchdogs in {@link Platform} cover a killed one.
 * Public for the browser tests, which share the same platform.
 */
public final class PlatformExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PlatformExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Platform.class || type == Keycloak.class || type == Http.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
            throws ParameterResolutionException {
        Running running = running(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == Platform.class) {
            return running.platform();
        }
        return type == Keycloak.class ? running.keycloak() : running.gateway();
    }

    /**
     * The run's platform, started on first use (the browser tests in {@code org.partnernet.e2e.ui} share it).
     *
     * @throws IllegalStateException when the platform did not start
     */
    public static Platform platform(ExtensionContext context) {
        return running(context).platform();
    }

    private static Running running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Attempt.class, key -> Attempt.start(), Attempt.class)
                .running();
    }

    /** Remembers a failed start, so the next test class fails at once instead of trying for minutes again. */
    record Attempt(Running started, RuntimeException failure) implements AutoCloseable {

        static Attempt start() {
            try {
                return new Attempt(Running.start(), null);
            } catch (RuntimeException e) {
                return new Attempt(null, e);
            }
        }

        Running running() {
            if (failure != null) {
                throw new IllegalStateException("the platform did not start: " + failure.getMessage(), failure);
            }
            return started;
        }

        @Override
        public void close() {
            if (started != null) {
                started.close();
            }
        }
    }

    /** The started platform and its clients; closed by JUnit at the end of the run. */
    record Running(Platform platform, Keycloak keycloak, Http gateway, Thread shutdownHook) implements AutoCloseable {

        static Running start() {
            Platform platform = Platform.start();
            Thread hook = new Thread(platform::close, "e2e-platform-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            return new Running(platform, new Keycloak(platform), new Http(platform.gateway()), hook);
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            platform.close();
        }
    }
}
