package org.visomaster.launcher.provision;

import java.util.concurrent.CopyOnWriteArrayList;

/** Fans events out to every listener; a listener that throws does not stop the others. */
public final class EventBus implements EventSink {
    private final CopyOnWriteArrayList<EventSink> listeners = new CopyOnWriteArrayList<>();

    public AutoCloseable subscribe(EventSink listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void emit(ProvisionEvent event) {
        for (EventSink l : listeners) {
            try {
                l.emit(event);
            } catch (RuntimeException e) {
                System.err.println("event listener failed: " + e);
            }
        }
    }
}
