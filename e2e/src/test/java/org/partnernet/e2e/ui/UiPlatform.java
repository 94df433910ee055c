package org.partnernet.e2e.ui;

import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.partnernet.e2e.Platform;
import org.partnernet.e2e.PlatformExtension;

/**
 * The running platform for the browser tests: the SAME instance the other end-to-end tests use, started once per run
 * by {@link PlatformExtension}.
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
    Platform platform;
    try {
      platform = PlatformExtension.platform(context);
    } catch (IllegalStateException notStarted) {
      Assumptions.abort("browser tests skipped: the platform is not healthy: " + notStarted.getMessage());
      throw new AssertionError("unreachable");
    }
    return new Endpoints(platform.gateway(), platform.keycloak(), platform.keycloakAdminPassword());
  }
}
