package org.visomaster.launcher.engine;

/** Receives engine events. Implementations must be thread-safe and must not block. */
@FunctionalInterface
public interface EventSink {
    void emit(ProvisionEvent event);

    EventSink NONE = e -> {
    };
}
