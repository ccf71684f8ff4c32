package io.iamsuite.policy.domain.audit;

import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit trail through a snapshot's write and read: the same records, in the same order, pages and all. */
class AuditTrailTest {
    private static final AuditTrail.Query ALL = new AuditTrail.Query(null, null, null, null);

    private static EventEnvelope event(String workspace, long position, Instant at, DomainEvent data) {
        return new EventEnvelope(UUID.randomUUID(), data.eventType(), 1, workspace, "s", position, position, at,
                Actor.user("u_" + position % 3), "req-" + position, data);
    }

    private static AuditTrail filled(int maxPerWorkspace) {
        AuditTrail trail = new AuditTrail(maxPerWorkspace);
        Random random = new Random(3);
        for (int i = 0; i < 3_000; i++) {
            String workspace = "ws_" + random.nextInt(4);
            // few distinct timestamps, so that the event id decides the order of many records
            Instant at = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(50), random.nextInt(3));
            DomainEvent data = random.nextBoolean()
                    ? new IdentityEvent.MemberAdded("u_" + i, "u" + i + "@x.io", "U" + i, MemberRole.MEMBER)
                    : new ResourceEvent.ResourceCreated(new ResourceRef(ResourceType.SOURCE, "src_" + i), "s" + i, "s" + i, null, null);
            trail.record(event(workspace, i + 1, at, data));
        }
        return trail;
    }

    private static List<AuditRecord> all(AuditTrail trail, String workspace, int pageSize) {
        List<AuditRecord> out = new ArrayList<>();
        AuditTrail.Key after = null;
        do {
            AuditTrail.Page page = trail.list(workspace, ALL, after, pageSize);
            out.addAll(page.records());
            after = page.next();
        } while (after != null);
        return out;
    }

    private static AuditTrail roundTrip(AuditTrail trail) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trail.write(new DataOutputStream(bytes));
        AuditTrail read = new AuditTrail(1_000);
        read.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        return read;
    }

    @Test
    void a_written_trail_reads_back_record_for_record_in_order() throws IOException {
        AuditTrail trail = filled(500);
        AuditTrail read = roundTrip(trail);
        for (int w = 0; w < 4; w++) {
            String workspace = "ws_" + w;
            List<AuditRecord> expected = all(trail, workspace, 1_000);
            assertThat(expected).hasSize(500);
            assertThat(all(read, workspace, 1_000)).isEqualTo(expected);
            assertThat(all(read, workspace, 7)).as("pages of 7").isEqualTo(expected);
            assertThat(read.size(workspace)).isEqualTo(500);
        }
        // the read trail is a live one: it keeps recording in order and drops its oldest beyond its maximum
        read.record(event("ws_0", 10_000, Instant.ofEpochSecond(1_800_000_000L),
                new IdentityEvent.GroupCreated("g_1", "G")));
        assertThat(all(read, "ws_0", 1_000).get(0).eventType()).isEqualTo("identity.group-created");
    }

    @Test
    void a_capture_written_after_more_events_restores_to_the_same_trail_once_those_events_are_recorded_again()
            throws IOException {
        // A snapshot's offsets are where the capture was taken; its records are written later, by another thread,
        // while the consumer records the events after the offsets. After a restore those events come again.
        List<EventEnvelope> before = new ArrayList<>();
        List<EventEnvelope> after = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            Instant at = Instant.ofEpochSecond(1_700_000_000L + i / 3, random.nextInt(3));
            // members, then records naming them: the actor's email and the target's name come from the names known
            DomainEvent data = i % 3 == 0
                    ? new IdentityEvent.MemberAdded("u_" + i, "u" + i + "@x.io", "U" + i, MemberRole.MEMBER)
                    : i % 3 == 1 ? new IdentityEvent.MemberRoleChanged("u_" + (i - 1), MemberRole.OWNER)
                    : new ResourceEvent.ResourceCreated(new ResourceRef(ResourceType.SOURCE, "src_" + i), "s" + i, "s" + i, null, null);
            (i < 1_200 ? before : after).add(event("ws_" + i % 2, i + 1, at, data));
        }
        // a group named before the capture, joined and then renamed after it: the join is recorded again after the
        // restore, and must show the name it had then, not the later one
        before.add(event("ws_0", 5_000, Instant.ofEpochSecond(1_800_000_000L), new IdentityEvent.GroupCreated("g_1", "Before")));
        after.add(event("ws_0", 5_001, Instant.ofEpochSecond(1_800_000_001L), new IdentityEvent.GroupMemberAdded("g_1", "u_0")));
        after.add(event("ws_0", 5_002, Instant.ofEpochSecond(1_800_000_002L), new IdentityEvent.GroupRenamed("g_1", "After")));
        AuditTrail live = new AuditTrail(700);
        before.forEach(live::record);
        AuditTrail.Capture capture = live.capture();
        after.forEach(live::record);   // recorded while the snapshot is being written
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        capture.write(new DataOutputStream(bytes));

        AuditTrail restored = new AuditTrail(700);
        restored.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        after.forEach(restored::record);   // the events after the offsets, consumed again

        for (String workspace : List.of("ws_0", "ws_1")) {
            assertThat(all(restored, workspace, 50)).isEqualTo(all(live, workspace, 50)).hasSize(700);
        }
        assertThat(all(restored, "ws_0", 50).get(1).resourceName()).isEqualTo("Before");
    }

    /** A capture written while the recording thread starts new workspaces' trails still reads back whole. */
    @Test
    void a_capture_written_while_new_workspaces_are_recorded_reads_back() throws Exception {
        AuditTrail live = new AuditTrail(10);
        live.record(event("ws_first", 1, Instant.ofEpochSecond(1_700_000_000L),
                new IdentityEvent.MemberAdded("u_1", "u1@x.io", "U1", MemberRole.MEMBER)));
        // up to 4,000 workspaces, a new one every 50 records (at most 10 kept per workspace): the trails grow while
        // the captures below are written
        Thread recorder = new Thread(() -> {
            for (int i = 2; i < 200_000; i++) {
                String workspace = "ws_" + (i % 50 == 0 ? i : i % 50 * 50);
                live.record(event(workspace, i, Instant.ofEpochSecond(1_700_000_000L + i),
                        new IdentityEvent.MemberAdded("u_" + i, "u" + i + "@x.io", "U" + i, MemberRole.MEMBER)));
            }
        });
        recorder.start();
        int rounds = 0;
        while (recorder.isAlive() || rounds == 0) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            live.capture().write(new DataOutputStream(bytes));
            AuditTrail restored = new AuditTrail(10);
            restored.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertThat(all(restored, "ws_first", 10)).hasSize(1);
            rounds++;
        }
        recorder.join();
    }

    /** A stream whose records are not in the trail's order (not what write writes) still reads into an ordered trail. */
    @Test
    void records_out_of_order_are_sorted_on_read() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(1);
        out.writeUTF("ws_1");
        long[] seconds = {5, 9, 1, 7};
        out.writeInt(seconds.length);
        for (long second : seconds) {
            out.writeUTF("e" + second);
            out.writeLong(second);
            out.writeInt(0);
            for (int field = 0; field < 8; field++) {
                out.writeBoolean(true);
                out.writeUTF("f" + field);
            }
        }
        out.writeInt(0);   // no names
        AuditTrail read = new AuditTrail(10);
        read.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(all(read, "ws_1", 10)).extracting(AuditRecord::id).containsExactly("e9", "e7", "e5", "e1");
    }
}
