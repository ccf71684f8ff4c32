package io.iamsuite.policy.admin;

import io.iamsuite.policy.domain.Projection;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hand-over of a rebuilt projection to the live one, on the projection consumer's thread (the only thread that
 * applies): between two polls, the consumer calls {@link #atBatchEnd} with the offsets it has consumed. If a rebuilt
 * projection is on offer and covers exactly those offsets, the live projection adopts its state (workspace by
 * workspace, so every read sees one whole state or the other) and the consumer carries on from where it was;
 * otherwise the offer is answered with the live offsets, which the rebuild reads up to before it offers again.
 * Exactly, never beyond: an event the rebuild applied ahead of the live consumer would be skipped by it, and the
 * access-change feed and the audit trail, which follow the consumer, would miss it.
 */
@ApplicationScoped
public class ProjectionSwap {
    private final Projection live;
    private final AtomicReference<Offer> pending = new AtomicReference<>();
    /** How long the consumer waits at most for a rebuild that is just behind it (see {@link #atBatchEnd}). */
    long holdMillis = 2000;

    public ProjectionSwap(Projection live) {
        this.live = live;
    }

    /** A rebuilt projection and the offsets it covers; completes with null when adopted, else the live offsets. */
    record Offer(Projection rebuilt, Map<TopicPartition, Long> offsets,
                 CompletableFuture<Map<TopicPartition, Long>> answer) {
    }

    CompletableFuture<Map<TopicPartition, Long>> offer(Projection rebuilt, Map<TopicPartition, Long> offsets) {
        Offer offer = new Offer(rebuilt, Map.copyOf(offsets), new CompletableFuture<>());
        Offer previous = pending.getAndSet(offer);
        if (previous != null) {
            previous.answer().cancel(false);
        }
        synchronized (this) {
            notifyAll();
        }
        return offer.answer();
    }

    void withdraw() {
        Offer previous = pending.getAndSet(null);
        if (previous != null) {
            previous.answer().cancel(false);
        }
    }

    /**
     * Called by the projection consumer between polls, with the next offset to read per partition. When the offer is
     * behind these offsets (on no partition ahead), the consumer holds here for at most {@link #holdMillis} (reads go
     * on; only applying pauses) while the rebuild reads up to these very offsets and offers again: under a steady
     * write load the two would otherwise rarely stand at the same offsets.
     */
    public void atBatchEnd(Map<TopicPartition, Long> consumed) {
        Offer offer = pending.getAndSet(null);
        if (offer == null) {
            return;
        }
        Map<TopicPartition, Long> now = new HashMap<>(consumed);
        if (exact(offer, now)) {
            adopt(offer);
            return;
        }
        boolean behind = behind(offer, now);
        offer.answer().complete(now);
        if (!behind) {
            return;
        }
        long deadline = System.nanoTime() + holdMillis * 1_000_000L;
        synchronized (this) {
            long left;
            while (pending.get() == null && (left = (deadline - System.nanoTime()) / 1_000_000L) > 0) {
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        Offer next = pending.get();
        if (next != null && exact(next, now) && pending.compareAndSet(next, null)) {
            adopt(next);
        }
    }

    private void adopt(Offer offer) {
        live.adopt(offer.rebuilt());
        offer.answer().complete(null);
    }

    private static boolean exact(Offer offer, Map<TopicPartition, Long> now) {
        for (Map.Entry<TopicPartition, Long> entry : now.entrySet()) {
            if (!entry.getValue().equals(offer.offsets().getOrDefault(entry.getKey(), 0L))) {
                return false;
            }
        }
        return true;
    }

    private static boolean behind(Offer offer, Map<TopicPartition, Long> now) {
        for (Map.Entry<TopicPartition, Long> entry : offer.offsets().entrySet()) {
            if (entry.getValue() > now.getOrDefault(entry.getKey(), 0L)) {
                return false;
            }
        }
        return true;
    }
}
