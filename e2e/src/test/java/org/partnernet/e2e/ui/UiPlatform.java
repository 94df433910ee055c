package org.partnernet.e2e.ui;

import java.lang.reflect.Method;
import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The running platform for the browser tests: the SAME instance the other end-to-end tests use, started once per run
 * by {@code org.partnernet.e2e.PlatformExtension}. That harness is package-private and owned by the e2e module, so
 * this bridge reaches it by reflection (its {@code running(ExtensionContext)} keeps the platform in the root store)
 * instead of changing its visibility; making {@code PlatformExtension} and {@code Platform#gateway()} public would
 * let this class shrink to a plain lookup.
 *
 * <p>When the platform cannot start, or Chromium is not installed, the browser tests are aborted (reported as
 * skipped) with the reason; they never pass without having driven a browser.
 */
final class UiPlatform implements BeforeAllCallback, ParameterResolver {

  /** What the browser tests need of the platform. */
  record Endpoints(URI gateway, URI keycloak, String keycloakAdminPassword) {}

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(UiPlatform.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    Browser.assumeInstalled();
    endpoints(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Endpoints.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return endpoints(context);
  }

  static Endpoints endpoints(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Endpoints.class, key -> lookUp(context),
        Endpoints.class);
  }

  private static Endpoints lookUp(ExtensionContext context) {
    String given = System.getProperty("partnernet.ui.gateway");
    if (given != null && !given.isBlank()) {
      // a platform someone already runs (./partnernet up): quick iterations on the UI without a harness start
      return new Endpoints(URI.create(given), URI.create(System.getProperty("partnernet.ui.keycloak",
          "http://localhost:8180")), System.getProperty("partnernet.ui.keycloakAdminPassword", "admin"));
    }
    Object platform;
    try {
      Class<?> extension = Class.forName("org.partnernet.e2e.PlatformExtension");
      Method running = extension.getDeclaredMethod("running", ExtensionContext.class);
      running.setAccessible(true);
      Object started = running.invoke(null, context);
      Method platformOf = started.getClass().getDeclaredMethod("platform");
      platformOf.setAccessible(true);
      platform = platformOf.invoke(started);
    } catch (java.lang.reflect.InvocationTargetException e) {
      Assumptions.abort("browser tests skipped: the platform is not healthy: " + e.getCause().getMessage());
      throw new AssertionError("unreachable");
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the e2e harness changed shape; update UiPlatform", e);
    }
    return new Endpoints((URI) call(platform, "gateway"), (URI) call(platform, "keycloak"),
        (String) call(platform, "keycloakAdminPassword"));
  }

  private static Object call(Object target, String method) {
    try {
      Method m = target.getClass().getDeclaredMethod(method);
      m.setAccessible(true);
      return m.invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the e2e harness changed shape; update UiPlatform (" + method + ")", e);
    }
  }
}
