package io.iamsuite.policy.domain.audit;

import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every workspace's audit trail, in memory: one small {@link AuditRecord} per applied event (the event topics are
 * the source of truth and keep everything forever; this is an index of them), newest first, at most
 * {@code maxPerWorkspace} per workspace (the oldest go first). One thread records; any number read.
 */
public final class AuditTrail {
    /** Newest first; the event id breaks ties of equal timestamps. */
    public static final Comparator<Key> ORDER = Comparator.comparing(Key::timestamp).reversed().thenComparing(Key::id);

    public record Key(Instant timestamp, String id) {
    }

    /** A page of records and the key of the last one if more follow. */
    public record Page(List<AuditRecord> records, Key next) {
    }

    /** What to list; null fields do not filter. */
    public record Query(Instant startTime, Instant endTime, String resourceId, String resourceType) {
        boolean matches(AuditRecord record) {
            return (startTime == null || !record.timestamp().isBefore(startTime))
                    && (endTime == null || !record.timestamp().isAfter(endTime))
                    && (resourceId == null || resourceId.equals(record.resourceId()))
                    && (resourceType == null || resourceType.equalsIgnoreCase(record.resourceType()));
        }
    }

    private final int maxPerWorkspace;
    private final Map<String, NavigableMap<Key, AuditRecord>> trails = new ConcurrentHashMap<>();
    /** Names seen per workspace (users' emails too), so records can say what they are about. */
    private final Map<String, Map<String, String>> names = new ConcurrentHashMap<>();

    public AuditTrail(int maxPerWorkspace) {
        this.maxPerWorkspace = maxPerWorkspace;
    }

    public void record(EventEnvelope envelope) {
        Map<String, String> known = names.computeIfAbsent(envelope.workspaceId(), w -> new ConcurrentHashMap<>());
        DomainEvent data = envelope.data();
        Target target = target(envelope.workspaceId(), data, known);
        Actor actor = envelope.actor();
        String actorId = actor == null ? "system" : actor.type() == Actor.Type.SYSTEM ? actor.id() : actor.id();
        String actorEmail = actor != null && actor.type() == Actor.Type.USER ? known.get("user:" + actor.id()) : null;
        AuditRecord record = new AuditRecord(envelope.eventId().toString(), envelope.occurredAt(),
                AuditTypes.segmentType(envelope.eventType(), data), actorId, actorEmail, target.id(), target.type(),
                target.name() == null ? "" : target.name(), envelope.eventType(), envelope.requestId());
        NavigableMap<Key, AuditRecord> trail = trails.computeIfAbsent(envelope.workspaceId(),
                w -> new ConcurrentSkipListMap<>(ORDER));
        trail.put(new Key(record.timestamp(), record.id()), record);
        while (trail.size() > maxPerWorkspace) {
            trail.pollLastEntry();
        }
    }

    /** Whether any event of the workspace was recorded. */
    public boolean knows(String workspaceId) {
        return trails.containsKey(workspaceId);
    }

    /** Records matching the query, newest first, strictly after {@code after} (null: from the newest), at most {@code limit}. */
    public Page list(String workspaceId, Query query, Key after, int limit) {
        NavigableMap<Key, AuditRecord> trail = trails.getOrDefault(workspaceId, new ConcurrentSkipListMap<>(ORDER));
        NavigableMap<Key, AuditRecord> from = after == null ? trail : trail.tailMap(after, false);
        if (query.startTime() != null || query.endTime() != null) {
            // Newest first: the end time bounds the head, the start time the tail.
            Key head = query.endTime() == null ? null : new Key(query.endTime(), "");
            Key tail = query.startTime() == null ? null : new Key(query.startTime(), "\uffff");
            if (head != null && (after == null || ORDER.compare(head, after) > 0)) {
                from = from.tailMap(head, true);
            }
            if (tail != null) {
                from = from.headMap(tail, true);
            }
        }
        List<AuditRecord> page = new ArrayList<>();
        Key next = null;
        for (Map.Entry<Key, AuditRecord> entry : from.entrySet()) {
            if (!query.matches(entry.getValue())) {
                continue;
            }
            if (page.size() == limit) {
                next = new Key(page.get(page.size() - 1).timestamp(), page.get(page.size() - 1).id());
                break;
            }
            page.add(entry.getValue());
        }
        return new Page(page, next);
    }

    /** The count of records kept for the workspace. */
    public int size(String workspaceId) {
        NavigableMap<Key, AuditRecord> trail = trails.get(workspaceId);
        return trail == null ? 0 : trail.size();
    }

    // ---- snapshots ----

    /** Writes every trail and every name known (for snapshots; call on the recording thread). */
    public void write(java.io.DataOutput out) throws java.io.IOException {
        capture().write(out);
    }

    /**
     * What a snapshot needs of this moment, taken on the recording thread: the names known now (copied; a record
     * recorded later is computed from them). The records themselves are read when the capture is written, from any
     * thread, so a snapshot written a little later may hold records of events after its offsets: after a restore
     * those events are applied again and recorded again under the same keys (the event's time and id) and with the
     * same content (computed from the same names), which changes nothing.
     */
    public Capture capture() {
        Map<String, Map<String, String>> namesNow = new java.util.HashMap<>(names.size() * 2);
        names.forEach((workspaceId, known) -> namesNow.put(workspaceId, Map.copyOf(known)));
        return new Capture(namesNow);
    }

    /** {@link #capture}'s result. */
    public final class Capture {
        private final Map<String, Map<String, String>> namesThen;

        private Capture(Map<String, Map<String, String>> namesThen) {
            this.namesThen = namesThen;
        }

        /** Every trail as it is now, and the names known at the capture ({@link AuditTrail#read} reads it). */
        public void write(java.io.DataOutput out) throws java.io.IOException {
            // copied first: the recording thread may start a workspace's trail meanwhile, and the count written must
            // be the count of trails that follow
            List<Map.Entry<String, NavigableMap<Key, AuditRecord>>> all = List.copyOf(trails.entrySet());
            out.writeInt(all.size());
            for (Map.Entry<String, NavigableMap<Key, AuditRecord>> trail : all) {
                out.writeUTF(trail.getKey());
                List<AuditRecord> records = List.copyOf(trail.getValue().values());
                out.writeInt(records.size());
                for (AuditRecord r : records) {
                    out.writeUTF(r.id());
                    out.writeLong(r.timestamp().getEpochSecond());
                    out.writeInt(r.timestamp().getNano());
                    for (String s : new String[] {r.type(), r.actor(), r.actorEmail(), r.resourceId(), r.resourceType(),
                            r.resourceName(), r.eventType(), r.requestId()}) {
                        writeNullable(out, s);
                    }
                }
            }
            out.writeInt(namesThen.size());
            for (Map.Entry<String, Map<String, String>> known : namesThen.entrySet()) {
                out.writeUTF(known.getKey());
                out.writeInt(known.getValue().size());
                for (Map.Entry<String, String> e : known.getValue().entrySet()) {
                    out.writeUTF(e.getKey());
                    writeNullable(out, e.getValue());
                }
            }
        }
    }

    /** Reads what {@link #write} wrote into this empty trail; a stream that does not read leaves it unchanged. */
    public void read(java.io.DataInput in) throws java.io.IOException {
        install(readStaged(in));
    }

    /** What {@link #readStaged} read of a snapshot: the trails and names, not yet in any trail. */
    public static final class Staged {
        private final Map<String, NavigableMap<Key, AuditRecord>> trails;
        private final Map<String, Map<String, String>> names;

        private Staged(Map<String, NavigableMap<Key, AuditRecord>> trails, Map<String, Map<String, String>> names) {
            this.trails = trails;
            this.names = names;
        }
    }

    /**
     * Reads what {@link #write} wrote, without putting it anywhere yet: a snapshot is installed only once all of it
     * has read, so {@link #install} comes after the snapshot's end marker.
     */
    public static Staged readStaged(java.io.DataInput in) throws java.io.IOException {
        Map<String, NavigableMap<Key, AuditRecord>> readTrails = new java.util.HashMap<>();
        for (int t = in.readInt(); t > 0; t--) {
            String workspaceId = in.readUTF();
            NavigableMap<Key, AuditRecord> trail = new ConcurrentSkipListMap<>(ORDER);
            for (int n = in.readInt(); n > 0; n--) {
                String id = in.readUTF();
                Instant timestamp = Instant.ofEpochSecond(in.readLong(), in.readInt());
                AuditRecord r = new AuditRecord(id, timestamp, readNullable(in), readNullable(in), readNullable(in),
                        readNullable(in), readNullable(in), readNullable(in), readNullable(in), readNullable(in));
                trail.put(new Key(r.timestamp(), r.id()), r);
            }
            readTrails.put(workspaceId, trail);
        }
        Map<String, Map<String, String>> readNames = new java.util.HashMap<>();
        for (int w = in.readInt(); w > 0; w--) {
            String workspaceId = in.readUTF();
            Map<String, String> known = new ConcurrentHashMap<>();
            for (int n = in.readInt(); n > 0; n--) {
                String key = in.readUTF();
                String value = readNullable(in);
                if (value != null) {
                    known.put(key, value);
                }
            }
            readNames.put(workspaceId, known);
        }
        return new Staged(readTrails, readNames);
    }

    /** Puts what {@link #readStaged} read into this trail, which must be empty. */
    public void install(Staged staged) {
        if (!trails.isEmpty() || !names.isEmpty()) {
            throw new IllegalStateException("a snapshot is only read into an empty audit trail");
        }
        trails.putAll(staged.trails);
        names.putAll(staged.names);
    }

    private static void writeNullable(java.io.DataOutput out, String s) throws java.io.IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(java.io.DataInput in) throws java.io.IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    // ---- what an event is about ----

    private record Target(String type, String id, String name) {
    }

    private static Target target(String workspaceId, DomainEvent data, Map<String, String> known) {
        if (data instanceof IdentityEvent.MemberAdded added) {
            known.put("user:" + added.userId(), added.email());
            return user(added.userId(), known);
        } else if (data instanceof IdentityEvent.MemberRoleChanged changed) {
            return user(changed.userId(), known);
        } else if (data instanceof IdentityEvent.MemberRemoved removed) {
            return user(removed.userId(), known);
        } else if (data instanceof IdentityEvent.InviteSent sent) {
            known.put("invite:" + sent.inviteId(), sent.email());
            return new Target("Invite", sent.inviteId(), sent.email());
        } else if (data instanceof IdentityEvent.InviteResent resent) {
            return new Target("Invite", resent.inviteId(), known.get("invite:" + resent.inviteId()));
        } else if (data instanceof IdentityEvent.InviteRevoked revoked) {
            return new Target("Invite", revoked.inviteId(), revoked.email());
        } else if (data instanceof IdentityEvent.InviteExpired expired) {
            return new Target("Invite", expired.inviteId(), expired.email());
        } else if (data instanceof IdentityEvent.InviteAccepted accepted) {
            return new Target("Invite", accepted.inviteId(), accepted.email());
        } else if (data instanceof IdentityEvent.GroupCreated created) {
            known.put("group:" + created.groupId(), created.name());
            return group(created.groupId(), known);
        } else if (data instanceof IdentityEvent.GroupRenamed renamed) {
            known.put("group:" + renamed.groupId(), renamed.name());
            return group(renamed.groupId(), known);
        } else if (data instanceof IdentityEvent.GroupDeleted deleted) {
            return group(deleted.groupId(), known);
        } else if (data instanceof IdentityEvent.GroupMemberAdded joined) {
            return group(joined.groupId(), known);
        } else if (data instanceof IdentityEvent.GroupMemberRemoved left) {
            return group(left.groupId(), known);
        } else if (data instanceof IdentityEvent.GroupInviteAdded invited) {
            return group(invited.groupId(), known);
        } else if (data instanceof IdentityEvent.GroupInviteRemoved uninvited) {
            return group(uninvited.groupId(), known);
        } else if (data instanceof IdentityEvent.RoleGranted granted) {
            return holder(granted.subject(), known);
        } else if (data instanceof IdentityEvent.RoleRevoked revoked) {
            return holder(revoked.subject(), known);
        } else if (data instanceof ResourceEvent.WorkspaceCreated created) {
            known.put("workspace", created.name());
            return new Target("Workspace", workspaceId, created.name());
        } else if (data instanceof ResourceEvent.WorkspaceRenamed renamed) {
            known.put("workspace", renamed.name());
            return new Target("Workspace", workspaceId, renamed.name());
        } else if (data instanceof ResourceEvent.ResourceCreated created) {
            known.put(key(created.resource()), created.name());
            return resource(created.resource(), known);
        } else if (data instanceof ResourceEvent.ResourceUpdated updated) {
            known.put(key(updated.resource()), updated.name());
            return resource(updated.resource(), known);
        } else if (data instanceof ResourceEvent.ResourceDeleted deleted) {
            return resource(deleted.resource(), known);
        } else if (data instanceof ResourceEvent.ResourcesConnected connected) {
            return resource(connected.target(), known);
        } else if (data instanceof ResourceEvent.ResourcesDisconnected disconnected) {
            return resource(disconnected.target(), known);
        } else if (data instanceof ResourceEvent.LabelCreated created) {
            return new Target("Label", created.label().toString(), created.label().toString());
        } else if (data instanceof ResourceEvent.LabelDeleted deleted) {
            return new Target("Label", deleted.label().toString(), deleted.label().toString());
        } else if (data instanceof ResourceEvent.LabelRenamed renamed) {
            return new Target("Label", renamed.to().toString(), renamed.to().toString());
        } else if (data instanceof ResourceEvent.LabelAssigned assigned) {
            return resource(assigned.resource(), known);
        } else if (data instanceof ResourceEvent.LabelUnassigned unassigned) {
            return resource(unassigned.resource(), known);
        } else if (data instanceof TokenEvent.TokenIssued issued) {
            known.put("token:" + issued.tokenId(), issued.description() == null ? "" : issued.description());
            return token(issued.tokenId(), known);
        } else if (data instanceof TokenEvent token) {
            return token(token.tokenId(), known);
        }
        return new Target("Workspace", workspaceId, known.get("workspace"));
    }

    private static Target user(String userId, Map<String, String> known) {
        return new Target("User", userId, known.get("user:" + userId));
    }

    private static Target group(String groupId, Map<String, String> known) {
        return new Target("User Group", groupId, known.get("group:" + groupId));
    }

    private static Target token(String tokenId, Map<String, String> known) {
        return new Target("Access Token", tokenId, known.get("token:" + tokenId));
    }

    private static Target holder(Subject subject, Map<String, String> known) {
        switch (subject.type()) {
            case USER:
                return user(subject.id(), known);
            case GROUP:
                return group(subject.id(), known);
            default:
                return token(subject.id(), known);
        }
    }

    private static Target resource(ResourceRef ref, Map<String, String> known) {
        return new Target(AuditTypes.resourceType(ref.type()), ref.id(), known.get(key(ref)));
    }

    private static String key(ResourceRef ref) {
        return ref.type().name().toLowerCase(Locale.ROOT) + ":" + ref.id();
    }
}
