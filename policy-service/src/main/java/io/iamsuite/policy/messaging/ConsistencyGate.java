package io.iamsuite.policy.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Reads that must be at least as fresh as something park here until the consumer has applied enough; the
 * consumer calls {@link #onApplied()} after every batch. No thread waits: a parked read is a future.
 */
@ApplicationScoped
public class ConsistencyGate {
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();

    /** Completes when {@code satisfied} holds; fails with {@link StaleProjectionException} after {@code maxWait}. */
    public Uni<Void> await(BooleanSupplier satisfied, Duration maxWait, Supplier<String> lag) {
        if (satisfied.getAsBoolean()) {
            return Uni.createFrom().voidItem();
        }
        Waiter waiter = new Waiter(satisfied, new CompletableFuture<>());
        waiters.add(waiter);
        if (satisfied.getAsBoolean()) {
            waiter.future.complete(null);
        }
        return Uni.createFrom().completionStage(waiter.future)
                .ifNoItem().after(maxWait).failWith(() -> new StaleProjectionException(lag.get(), maxWait))
                .onTermination().invoke(() -> waiters.remove(waiter));
    }

    public void onApplied() {
        for (Waiter waiter : waiters) {
            if (waiter.satisfied.getAsBoolean()) {
                waiter.future.complete(null);
                waiters.remove(waiter);
            }
        }
    }

    private record Waiter(BooleanSupplier satisfied, CompletableFuture<Void> future) {
    }

    /** The projection did not catch up within the bound; the API answers 503 with the lag. */
    public static class StaleProjectionException extends RuntimeException {
        public StaleProjectionException(String lag, Duration waited) {
            super("The projection is behind after waiting " + waited.toMillis() + " ms: " + lag);
        }
    }
}
