package org.visomaster.launcher.testing;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one way tests wait for something: Awaitility, with these defaults for every test class (registered through
 * junit-platform.properties): look at once and then every 20 ms, give up after 20 s (the test machines are shared
 * and slow). A test that needs longer says {@code atMost}.
 */
public final class AwaitilityDefaults implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(Duration.ofMillis(20));
        Awaitility.setDefaultTimeout(Duration.ofSeconds(20));
    }
}
