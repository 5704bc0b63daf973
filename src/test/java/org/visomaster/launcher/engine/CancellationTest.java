package org.visomaster.launcher.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.visomaster.launcher.infra.process.CommandResult;
import org.visomaster.launcher.infra.process.CommandRunner;

/** Stop must not hold its caller (the window's FX thread) while a child that ignores SIGTERM is ended. */
class CancellationTest {
    @Test
    void cancelReturnsAtOnceWhileAChildIgnoringSigtermIsEndedBehindIt() throws Exception {
        Cancellation c = new Cancellation();
        CountDownLatch ready = new CountDownLatch(1);
        CompletableFuture<CommandResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return CommandRunner.run(List.of("sh", "-c", "trap '' TERM; echo ready; sleep 60 & wait $!; sleep 60"),
                        null, null, Duration.ofSeconds(120), line -> ready.countDown(), c);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(ready.await(20, TimeUnit.SECONDS), "the child started");
        long start = System.nanoTime();
        c.cancel();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMs < 500, "cancel() returned after " + tookMs + " ms");
        assertTrue(c.isCancelled());
        CommandResult r = run.get(30, TimeUnit.SECONDS);
        assertTrue(r.cancelled(), "the child was ended after the grace period");
    }

    @Test
    void eachCallbackRunsOnceHoweverOftenCancelIsCalled() throws Exception {
        Cancellation c = new Cancellation();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        c.onCancel(() -> {
            runs.incrementAndGet();
            ran.countDown();
        });
        Thread[] cancellers = new Thread[4];
        for (int i = 0; i < cancellers.length; i++) {
            cancellers[i] = new Thread(c::cancel);
            cancellers[i].start();
        }
        for (Thread t : cancellers) {
            t.join(5000);
        }
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        AtomicInteger late = new AtomicInteger();
        c.onCancel(late::incrementAndGet);
        assertEquals(1, late.get(), "registered after the cancel: runs at once");
        Thread.sleep(200);
        assertEquals(1, runs.get());
    }
}
