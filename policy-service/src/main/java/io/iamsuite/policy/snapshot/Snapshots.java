package io.iamsuite.policy.snapshot;

import io.iamsuite.policy.config.PolicyConfig;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.ProjectionCodec;
import io.iamsuite.policy.domain.audit.AuditTrail;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Snapshots of the projection (and the audit trail beside it) with the Kafka offsets they cover.
 *
 * <p>The consumer thread calls {@link #maybeTake} between polls, when the projection holds exactly the events
 * before the offsets it passes: the projection is encoded there (consistent: nothing is half-applied), with the
 * audit trail's names of that moment; the trail's records are encoded on a writer thread (a record of an event after
 * the offsets that slips in is recorded again, identically, after a restore), which compresses, writes to PostgreSQL
 * and then prunes all but the newest {@code iam.snapshot.keep}. At start the
 * consumer calls {@link #restore} once: the newest snapshot that decodes and covers exactly the current topics
 * (offsets within the logs) is installed, and the consumer seeks there; if none does, the log is replayed.
 *
 * <p>Stored state: gzip of {@code "IAMSNAP"}, the format version, {@link ProjectionCodec}'s projection, the audit
 * trail and an end marker. Beside it, where the access-change feed's resume read may begin with this state
 * ({@code AccessFeedPublisher#resumePoint}).
 */
@ApplicationScoped
public class Snapshots {
    private static final Logger LOG = Logger.getLogger(Snapshots.class);
    private static final String MAGIC = "IAMSNAP";
    private static final int FORMAT = 1;
    private static final int END = 0x534E4150;   // "SNAP"

    private final SnapshotStore store;
    private final Projection projection;
    private final AuditTrail audit;
    private final boolean enabled;
    private final Duration interval;
    private final long everyEvents;
    private final int keep;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "projection-snapshot-writer");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean writing = new AtomicBoolean();
    /** The operator's (or a test's) request not yet taken up by the consumer: null when none is waiting. */
    private final AtomicReference<CompletableFuture<Stored>> requested = new AtomicReference<>();
    private final AtomicBoolean prefetchStarted = new AtomicBoolean();
    private volatile CompletableFuture<Prefetched> prefetched;
    private final CompletableFuture<Map<TopicPartition, Long>> newestFeedOffsets = new CompletableFuture<>();
    private volatile Map<TopicPartition, Long> restoredFeedOffsets = Map.of();
    private volatile long lastTakenNanos = System.nanoTime();
    private volatile long eventsAtLast;

    // what health and metrics show
    private volatile Instant lastTakenAt;
    private volatile Stored lastStored;
    private volatile long lastSize = -1;
    private volatile long lastTakeMillis = -1;
    private volatile long loadMillis = -1;
    private volatile Long restoredFrom;
    private volatile String lastError;

    public Snapshots(SnapshotStore store, Projection projection, AuditTrail audit, PolicyConfig config,
                     MeterRegistry registry) {
        this.store = store;
        this.projection = projection;
        this.audit = audit;
        this.enabled = config.snapshot().enabled();
        this.interval = config.snapshot().interval();
        this.everyEvents = config.snapshot().everyEvents();
        this.keep = Math.max(1, config.snapshot().keep());
        Gauge.builder("iam.snapshot.age_seconds", this, s -> s.lastTakenAt == null ? -1
                : Duration.between(s.lastTakenAt, Instant.now()).toMillis() / 1000.0).register(registry);
        Gauge.builder("iam.snapshot.size_bytes", this, s -> s.lastSize).register(registry);
        Gauge.builder("iam.snapshot.take_seconds", this, s -> s.lastTakeMillis / 1000.0).register(registry);
        Gauge.builder("iam.snapshot.load_seconds", this, s -> s.loadMillis / 1000.0).register(registry);
    }

    void onStop(@Observes ShutdownEvent event) {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- start ----

    /**
     * What {@link #prefetch} read: the stored snapshots, newest first, and the newest one checked and parsed (or why
     * it could not be), each with the milliseconds it took.
     */
    private record Prefetched(List<SnapshotStore.Meta> metas, long id, Decoded decoded, Exception unreadable,
                              long millis) {
    }

    /**
     * Starts reading the newest snapshot on a thread of its own (the list, the newest state, its checks and its
     * parse), so that it overlaps the consumer connecting to Kafka; {@link #restore} then only checks
     * it against the partitions and installs it. Called once at start, before the consumer's first restore.
     */
    public void prefetch() {
        if (!enabled) {
            newestFeedOffsets.complete(Map.of());
        }
        if (!enabled || !prefetchStarted.compareAndSet(false, true)) {
            return;
        }
        prefetched = CompletableFuture.supplyAsync(() -> {
            long began = System.nanoTime();
            List<SnapshotStore.Meta> metas;
            try {
                metas = store.list();
                newestFeedOffsets.complete(metas.isEmpty() ? Map.of() : metas.get(0).feedOffsets());
            } finally {
                newestFeedOffsets.complete(Map.of());   // the list failed: the feed reads from its beginning
            }
            if (metas.isEmpty()) {
                return new Prefetched(metas, -1, null, null, (System.nanoTime() - began) / 1_000_000);
            }
            long id = metas.get(0).id();
            Decoded decoded = null;
            Exception unreadable = null;
            try {
                byte[] state = store.state(id);
                decoded = state == null ? null : decodeStaged(state);
            } catch (IOException | RuntimeException e) {
                unreadable = e;
            }
            return new Prefetched(metas, id, decoded, unreadable, (System.nanoTime() - began) / 1_000_000);
        }, task -> {
            Thread thread = new Thread(task, "projection-snapshot-loader");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /**
     * Where the access-change feed's resume read may start if the newest snapshot is the one installed (known as soon
     * as {@link #prefetch} has listed the snapshots, so the feed's read can start before the snapshot is installed;
     * empty: from the beginning).
     */
    public CompletableFuture<Map<TopicPartition, Long>> newestFeedOffsets() {
        return newestFeedOffsets;
    }

    /**
     * Where the access-change feed's resume read must start for the snapshot {@link #restore} installed into the live
     * projection (empty: from the beginning, also when no snapshot was installed).
     */
    public Map<TopicPartition, Long> restoredFeedOffsets() {
        return restoredFeedOffsets;
    }

    /**
     * Installs the newest usable snapshot into the (empty) projection and audit trail.
     *
     * @param partitions every partition of the event topics now
     * @param ends       their end offsets now
     * @return the offsets to resume from, or empty to replay everything
     */
    public Optional<Map<TopicPartition, Long>> restore(Collection<TopicPartition> partitions,
                                                        Map<TopicPartition, Long> ends) {
        return restore(partitions, ends, projection, audit);
    }

    /** {@link #restore(Collection, Map)} into the given empty projection and audit trail. */
    public Optional<Map<TopicPartition, Long>> restore(Collection<TopicPartition> partitions,
                                                        Map<TopicPartition, Long> ends,
                                                        Projection projection, AuditTrail audit) {
        if (!enabled) {
            return Optional.empty();
        }
        Prefetched read = null;
        CompletableFuture<Prefetched> pending = prefetched;
        if (projection == this.projection && pending != null) {
            prefetched = null;   // used once; its bytes are not kept
            read = joinQuietly(pending);
        }
        long began = System.nanoTime();
        List<SnapshotStore.Meta> metas;
        try {
            metas = read != null ? read.metas() : store.list();
        } catch (RuntimeException e) {
            LOG.warnf("Snapshots unavailable (%s): replaying the whole log", e.getMessage());
            return Optional.empty();
        }
        if (metas.isEmpty()) {
            LOG.info("No projection snapshot stored: replaying the whole log");
            return Optional.empty();
        }
        for (SnapshotStore.Meta meta : metas) {
            String unusable = unusable(meta, partitions, ends);
            if (unusable != null) {
                LOG.warnf("Projection snapshot #%d (taken %s) not used: %s", meta.id(), meta.takenAt(), unusable);
                continue;
            }
            LOG.infof("Loading projection snapshot #%d (taken %s, %,d bytes) ...", meta.id(), meta.takenAt(), meta.size());
            try {
                Decoded decoded;
                if (read != null && read.id() == meta.id()) {
                    if (read.unreadable() != null) {
                        throw read.unreadable();
                    }
                    decoded = read.decoded();
                } else {
                    byte[] state = store.state(meta.id());
                    decoded = state == null ? null : decodeStaged(state);
                }
                if (decoded == null) {
                    continue;
                }
                install(decoded, projection, audit);
            } catch (Exception e) {
                LOG.warnf("Projection snapshot #%d is unreadable (%s): not used", meta.id(), e.getMessage());
                continue;
            }
            // reading it (ahead, beside the consumer's connecting) and installing it
            long millis = (System.nanoTime() - began) / 1_000_000 + (read == null ? 0 : read.millis());
            if (projection == this.projection) {
                restoredFeedOffsets = meta.feedOffsets();
                loadMillis = millis;
                restoredFrom = meta.id();
                lastTakenAt = meta.takenAt();
                lastSize = meta.size();
            }
            long behind = meta.offsets().entrySet().stream()
                    .mapToLong(e -> Math.max(0, ends.get(e.getKey()) - e.getValue())).sum();
            LOG.infof("Loaded projection snapshot #%d in %d ms (%d workspaces); %,d records after it to consume",
                    meta.id(), millis, ProjectionCodec.workspaces(projection), behind);
            return Optional.of(meta.offsets());
        }
        LOG.warn("No usable projection snapshot: replaying the whole log");
        return Optional.empty();
    }

    /** The prefetched read, or null (logged) if it failed: the restore then reads again. */
    private static Prefetched joinQuietly(CompletableFuture<Prefetched> pending) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            LOG.warnf("Reading the newest snapshot ahead failed (%s): reading again", e.getCause().getMessage());
            return null;
        }
    }

    private static String unusable(SnapshotStore.Meta meta, Collection<TopicPartition> partitions,
                                   Map<TopicPartition, Long> ends) {
        if (!meta.offsets().keySet().equals(new HashSet<>(partitions))) {
            return "it covers other topics or partitions (" + meta.offsets().keySet() + ")";
        }
        for (Map.Entry<TopicPartition, Long> e : meta.offsets().entrySet()) {
            Long end = ends.get(e.getKey());
            if (end == null || e.getValue() > end) {
                return "its offset " + e.getValue() + " of " + e.getKey() + " is beyond the log's end " + end;
            }
        }
        return null;
    }

    // ---- taking ----

    /**
     * Asks for a snapshot at the consumer's next chance, whether timed snapshots are due or not; completes with what
     * was stored. The snapshot is encoded after this call, so it covers every event applied before it. Callers asking
     * while one request waits share it.
     */
    public CompletableFuture<Stored> request() {
        return requested.updateAndGet(waiting -> waiting == null ? new CompletableFuture<>() : waiting);
    }

    /** Whether a request waits for the consumer's next chance (it may be catching up, or writing the previous one). */
    public boolean requestWaiting() {
        return requested.get() != null;
    }

    /** The newest snapshot this run stored, or null. */
    public Stored lastStored() {
        return lastStored;
    }

    /** One stored snapshot: its id, when it was taken, the events it holds, its size, the time it took. */
    public record Stored(long id, Instant takenAt, long eventsApplied, long sizeBytes, long uncompressedBytes,
                         long takeMillis) {
    }

    /**
     * Called by the consumer thread between polls, with the next offset of every partition and where the feed's
     * resume read may start with this state (empty: from the beginning): takes a snapshot if one is due (interval
     * passed or enough events applied since the last one, and something changed; or one was requested) and the
     * previous one is written.
     */
    public void maybeTake(Map<TopicPartition, Long> offsets, long eventsApplied,
                          Supplier<Map<TopicPartition, Long>> feedOffsets) {
        CompletableFuture<Stored> request = requested.get();
        boolean wanted = request != null;
        long since = eventsApplied - eventsAtLast;
        boolean due = enabled && since > 0 && (since >= everyEvents
                || System.nanoTime() - lastTakenNanos >= interval.toNanos());
        if (!(wanted || due) || writing.get()) {
            return;
        }
        if (wanted) {
            requested.set(null);   // taken up: a request from now on waits for a later snapshot (only this thread clears)
        }
        long began = System.nanoTime();
        Instant takenAt = Instant.now();
        Taken taken;
        try {
            taken = take(projection, audit);
        } catch (IOException | RuntimeException e) {
            lastError = e.getMessage();
            LOG.errorf(e, "Cannot encode a projection snapshot");
            if (wanted) {
                request.completeExceptionally(e);
            }
            lastTakenNanos = System.nanoTime();
            return;
        }
        long encodeMillis = (System.nanoTime() - began) / 1_000_000;
        lastTakenNanos = System.nanoTime();
        eventsAtLast = eventsApplied;
        Map<TopicPartition, Long> covered = Map.copyOf(offsets);
        Map<TopicPartition, Long> feedFrom = Map.copyOf(feedOffsets.get());
        writing.set(true);
        writer.execute(() -> {
            try {
                Written written = taken.write();
                byte[] state = written.state();
                long id = store.insert(takenAt, covered, state, eventsApplied, feedFrom);
                int pruned = store.prune(keep);
                lastTakenAt = takenAt;
                lastSize = state.length;
                lastTakeMillis = (System.nanoTime() - began) / 1_000_000;
                lastError = null;
                Stored stored = new Stored(id, takenAt, eventsApplied, state.length, written.rawLength(),
                        lastTakeMillis);
                lastStored = stored;
                LOG.infof("Projection snapshot #%d taken: %,d bytes (%,d uncompressed), %,d events applied, "
                        + "projection serialized in %d ms (consumer paused that long), audit trail serialized, "
                        + "compressed and stored in %d ms; "
                        + "%d old pruned", id, state.length, written.rawLength(), eventsApplied, encodeMillis,
                        lastTakeMillis - encodeMillis, pruned);
                if (wanted) {
                    request.complete(stored);
                }
            } catch (IOException | RuntimeException e) {
                lastError = e.getMessage();
                LOG.warnf("Projection snapshot not stored: %s", e.getMessage());
                if (wanted) {
                    request.completeExceptionally(e);
                }
            } finally {
                writing.set(false);
            }
        });
    }

    // ---- the stored format ----

    /** The stored form: what {@link #compress} of {@link #serialize} gives, written as one stream. */
    public static byte[] encode(Projection projection, AuditTrail audit) throws IOException {
        return take(projection, audit).write().state();
    }

    /** The uncompressed stream, all taken at once ({@link #take} then {@link Taken#raw}). */
    public static byte[] serialize(Projection projection, AuditTrail audit) throws IOException {
        return take(projection, audit).raw();
    }

    /**
     * The part of a snapshot that must be taken where nothing is applied meanwhile (the consumer thread): the
     * projection serialized, and the audit trail's names of this moment ({@link AuditTrail#capture}). The trail's
     * records, most of the bytes, are serialized later by {@link Taken#raw}, off the consumer thread.
     */
    public static Taken take(Projection projection, AuditTrail audit) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes, 1 << 16))) {
            out.writeUTF(MAGIC);
            out.writeInt(FORMAT);
            ProjectionCodec.write(projection, out);
        }
        return new Taken(bytes.toByteArray(), audit.capture());
    }

    /** {@link #take}'s result: the projection's bytes and the audit trail's capture. */
    public record Taken(byte[] projection, AuditTrail.Capture audit) {
        /**
         * The stored form, compressed as it is written: the projection, the audit trail (its records as they are now)
         * and the end, never held uncompressed in one array. That array would be close to Java's limit of 2 GiB for
         * the large dataset (1.95 GB: 10.7 M events, most of it the audit trail), and took memory beside the heap's
         * projection.
         */
        public Written write() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1 << 16, projection.length / 2));
            Counting counting = new Counting(new FastGzip(bytes));
            writeTo(counting);
            return new Written(bytes.toByteArray(), counting.count);
        }

        /** The uncompressed stream into {@code sink}, which it closes: the projection, the audit trail, the end. */
        private void writeTo(OutputStream sink) throws IOException {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(sink, 1 << 16))) {
                out.write(projection);
                audit.write(out);
                out.writeInt(END);
            }
        }

        /** The whole uncompressed stream in one array (the benchmarks time its parts; policy-service {@link #write}s). */
        public byte[] raw() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(projection.length * 4 + (1 << 20));
            writeTo(bytes);
            return bytes.toByteArray();
        }
    }

    /** {@link Taken#write}'s result: the stored (compressed) state and the length of the stream it compresses. */
    public record Written(byte[] state, long rawLength) {
    }

    /** Counts the bytes written through it. */
    private static final class Counting extends FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    public static byte[] compress(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1 << 16, raw.length / 4));
        try (OutputStream out = new FastGzip(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    /** Decodes into the empty projection and audit trail; throws, leaving both unchanged, if unreadable. */
    public static void decode(byte[] state, Projection projection, AuditTrail audit) throws IOException {
        install(decodeStaged(state), projection, audit);
    }

    /** A stored state checked and parsed, not yet installed. */
    record Decoded(Projection projection, AuditTrail.Staged audit) {
    }

    /**
     * Checks the stored state whole, then parses it, never holding it uncompressed in one array: a first pass through
     * gzip checks its CRC and that the stream ends with the end marker, so that nothing damaged is parsed (a flipped
     * byte could otherwise be read as a count of billions); the second parses the projection and the audit trail,
     * which must end exactly at the marker.
     */
    static Decoded decodeStaged(byte[] state) throws IOException {
        check(state);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                new GZIPInputStream(new ByteArrayInputStream(state), 1 << 16), 1 << 16))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException("not a projection snapshot");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("snapshot format " + format + ", expected " + FORMAT);
            }
            Projection decoded = new Projection();
            ProjectionCodec.read(in, decoded);
            AuditTrail.Staged audit = AuditTrail.readStaged(in);
            if (in.readInt() != END || in.read() != -1) {
                throw new IOException("snapshot has unexpected bytes before its end marker");
            }
            return new Decoded(decoded, audit);
        }
    }

    /** Reads the stored state through gzip to its end (which checks gzip's CRC) and checks the end marker. */
    private static void check(byte[] state) throws IOException {
        long length = 0;
        int tail = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(state), 1 << 16)) {
            for (int n; (n = gzip.read(buffer)) >= 0; ) {
                for (int i = Math.max(0, n - 4); i < n; i++) {
                    tail = tail << 8 | (buffer[i] & 0xff);
                }
                length += n;
            }
        }
        if (length < 4 || tail != END) {
            throw new IOException("snapshot does not end with its end marker (truncated?)");
        }
    }

    /** Puts a decoded snapshot into the empty projection and audit trail. */
    private static void install(Decoded decoded, Projection projection, AuditTrail audit) {
        // both checked before either is filled: a full audit trail must not leave the projection half installed
        if (ProjectionCodec.workspaces(projection) != 0) {
            throw new IllegalStateException("a snapshot is only installed into an empty projection");
        }
        audit.install(decoded.audit());
        ProjectionCodec.transfer(decoded.projection(), projection);
    }

    /** gzip at the fastest level: snapshots are taken on the consumer thread. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    // ---- health and metrics ----

    public boolean enabled() {
        return enabled;
    }

    public Long restoredFrom() {
        return restoredFrom;
    }

    public Instant lastTakenAt() {
        return lastTakenAt;
    }

    public long lastSize() {
        return lastSize;
    }

    public long loadMillis() {
        return loadMillis;
    }

    public String lastError() {
        return lastError;
    }
}
