package org.partnernet.e2e.ui;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/** A browser test against the run's platform; methods can take {@link UiPlatform.Endpoints}. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(UiPlatform.class)
@interface BrowserTest {
}
