package org.partnernet.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs against the real platform. The platform starts once per test run, whatever the
 * number of classes, and test methods can take {@link Platform}, {@link Keycloak} or {@link Http} (the gateway)
 * as parameters.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PlatformExtension.class)
@interface EndToEnd {
}
