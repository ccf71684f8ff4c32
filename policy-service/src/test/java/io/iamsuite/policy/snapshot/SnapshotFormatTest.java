package io.iamsuite.policy.snapshot;

import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.audit.AuditTrail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stored form as policy-service writes it ({@link Snapshots.Taken#write}, compressed as it is written) and reads
 * it ({@link Snapshots#decode}, checked whole before it is parsed), without PostgreSQL: {@code SnapshotTest} covers
 * the store and the restore.
 */
class SnapshotFormatTest {
    private static final String WS = "ws_1";
    private static final int END = 0x534E4150;
    private static final String SOURCE_ADMIN = RoleCatalogue.load().roleByName("Source Admin").orElseThrow().id();

    private final Projection projection = new Projection();
    private final AuditTrail audit = new AuditTrail(1000);
    private long position;

    private void apply(DomainEvent event) {
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), event.eventType(), 1, WS, "s", ++position,
                position, Instant.EPOCH.plusSeconds(position), Actor.system(), null, event);
        projection.apply(envelope);
        audit.record(envelope);
    }

    @BeforeEach
    void history() {
        ResourceRef source = new ResourceRef(ResourceType.SOURCE, "src_1");
        apply(new IdentityEvent.MemberAdded("alice", "alice@x.io", "Alice", MemberRole.OWNER));
        apply(new IdentityEvent.MemberAdded("bob", "bob@x.io", "Bob", MemberRole.MEMBER));
        apply(new ResourceEvent.ResourceCreated(source, "s1", "Source 1", null, null));
        apply(new IdentityEvent.RoleGranted(Subject.user("bob"), Grant.on(SOURCE_ADMIN, source)));
    }

    @Test
    void what_is_written_as_one_stream_is_the_compressed_raw_form_and_reads_back_whole() throws IOException {
        Snapshots.Taken taken = Snapshots.take(projection, audit);
        byte[] raw = taken.raw();

        Snapshots.Written written = taken.write();

        assertThat(written.rawLength()).isEqualTo(raw.length);
        Projection restored = new Projection();
        AuditTrail restoredAudit = new AuditTrail(1000);
        Snapshots.decode(written.state(), restored, restoredAudit);
        assertThat(restored.dump()).isEqualTo(projection.dump());
        assertThat(restoredAudit.knows(WS)).isTrue();
        Projection fromRaw = new Projection();
        Snapshots.decode(Snapshots.compress(raw), fromRaw, new AuditTrail(1000));
        assertThat(fromRaw.dump()).isEqualTo(projection.dump());
    }

    @Test
    void a_stream_without_its_end_marker_is_refused_and_nothing_is_installed() throws IOException {
        byte[] raw = Snapshots.take(projection, audit).raw();

        assertRefused(Snapshots.compress(Arrays.copyOf(raw, raw.length - 4)), "end marker");
    }

    @Test
    void bytes_between_the_audit_trail_and_the_end_marker_are_refused_and_nothing_is_installed() throws IOException {
        byte[] raw = Snapshots.take(projection, audit).raw();
        byte[] longer = Arrays.copyOf(raw, raw.length + 4);
        for (int i = 0; i < 4; i++) {
            longer[raw.length - 4 + i] = 0;                                 // four stray bytes where the end was
            longer[raw.length + i] = (byte) (END >>> (24 - 8 * i));         // the end marker after them
        }

        assertRefused(Snapshots.compress(longer), "unexpected bytes");
    }

    @Test
    void a_damaged_or_cut_state_is_refused_and_nothing_is_installed() throws IOException {
        byte[] state = Snapshots.take(projection, audit).write().state();
        byte[] flipped = state.clone();
        flipped[flipped.length / 2] ^= 0x5a;

        assertRefused(flipped, null);
        assertRefused(Arrays.copyOf(state, state.length / 2), null);
        assertRefused("not a snapshot".getBytes(), null);
    }

    @Test
    void a_snapshot_is_not_installed_into_a_projection_that_holds_something_and_the_audit_trail_stays_empty()
            throws IOException {
        byte[] state = Snapshots.take(projection, audit).write().state();
        AuditTrail emptyAudit = new AuditTrail(1000);

        assertThatThrownBy(() -> Snapshots.decode(state, projection, emptyAudit))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("empty projection");

        assertThat(emptyAudit.knows(WS)).isFalse();
    }

    private static void assertRefused(byte[] state, String why) {
        Projection target = new Projection();
        AuditTrail targetAudit = new AuditTrail(1000);
        var thrown = assertThatThrownBy(() -> Snapshots.decode(state, target, targetAudit)).isInstanceOf(IOException.class);
        if (why != null) {
            thrown.hasMessageContaining(why);
        }
        assertThat(target.dump()).isEmpty();
        assertThat(targetAudit.knows(WS)).isFalse();
    }
}
