package io.iamsuite.policy.domain;

import io.iamsuite.events.EventSource;
import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole state of a {@link Projection} (every workspace's indexes and applied positions) as a compact binary
 * stream, for snapshots. Everything is written as it is held, indexes included, so a decoded projection dumps
 * exactly like the one encoded. Decoding builds the state aside and installs it only once the whole stream has been
 * read, so a truncated or corrupt stream leaves the target untouched.
 */
public final class ProjectionCodec {
    /** Bumped on any change of the layout; a snapshot of another version is not read (the log is replayed). */
    public static final int VERSION = 2;
    private static final int END = 0x454E4421;   // "END!"

    private ProjectionCodec() {
    }

    public static void write(Projection projection, DataOutput out) throws IOException {
        Map<String, WorkspaceState> workspaces = projection.workspacesForSnapshot();
        out.writeInt(VERSION);
        out.writeInt(workspaces.size());
        for (WorkspaceState ws : workspaces.values()) {
            str(out, ws.id);
            nullable(out, ws.name);
            for (EventSource source : EventSource.values()) {
                out.writeLong(projection.applied().get(source, ws.id));
            }
            out.writeInt(ws.members.size());
            for (Map.Entry<String, MemberRole> e : ws.members.entrySet()) {
                str(out, e.getKey());
                out.writeByte(e.getValue().ordinal());
            }
            strings(out, ws.groups);
            stringSets(out, ws.groupsOfUser);
            stringSets(out, ws.usersOfGroup);
            grants(out, ws.grants);
            out.writeInt(ws.tokens.size());
            for (Map.Entry<String, TokenEvent.Access> e : ws.tokens.entrySet()) {
                str(out, e.getKey());
                out.writeByte(e.getValue().ordinal());
            }
            out.writeInt(ws.resources.size());
            for (Map.Entry<ResourceRef, WorkspaceState.ResourceState> e : ws.resources.entrySet()) {
                WorkspaceState.ResourceState state = e.getValue();
                resource(out, e.getKey());
                out.writeByte((state.created() ? 1 : 0) | (state.deleted() ? 2 : 0));
                nullable(out, state.parentSourceId());
                labels(out, state.labels());
            }
            for (ResourceType type : ResourceType.values()) {
                strings(out, ws.live.get(type));
            }
            out.writeInt(ws.resourcesByLabel.size());
            for (Map.Entry<LabelRef, Set<ResourceRef>> e : ws.resourcesByLabel.entrySet()) {
                label(out, e.getKey());
                out.writeInt(e.getValue().size());
                for (ResourceRef ref : e.getValue()) {
                    resource(out, ref);
                }
            }
            stringSets(out, ws.destinationsOfSource);
            labels(out, ws.labels);
            out.writeInt(ws.renamed.size());
            for (Map.Entry<LabelRef, LabelRef> e : ws.renamed.entrySet()) {
                label(out, e.getKey());
                label(out, e.getValue());
            }
            labels(out, ws.labelNames);
            out.writeInt(ws.pendingRevokes.size());
            for (Map.Entry<Subject, List<WorkspaceState.PendingRevoke>> e : ws.pendingRevokes.entrySet()) {
                out.writeByte(e.getKey().type().ordinal());
                str(out, e.getKey().id());
                out.writeInt(e.getValue().size());
                for (WorkspaceState.PendingRevoke pending : e.getValue()) {
                    grant(out, pending.revoke());
                    out.writeInt(pending.held().size());
                    for (Grant grant : pending.held()) {
                        grant(out, grant);
                    }
                }
            }
        }
        out.writeInt(END);
    }

    /**
     * Reads a projection written by {@link #write} into {@code target}, which must be empty.
     *
     * @throws IOException if the stream is not a complete projection of this version; {@code target} is unchanged
     */
    public static void read(DataInput in, Projection target) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("projection format version " + version + ", expected " + VERSION);
        }
        int count = count(in);
        Map<String, WorkspaceState> workspaces = new HashMap<>(count * 2);
        Map<EventSource, Map<String, Long>> positions = new HashMap<>();
        for (EventSource source : EventSource.values()) {
            positions.put(source, new HashMap<>(count * 2));
        }
        MemberRole[] roles = MemberRole.values();
        Subject.Type[] subjectTypes = Subject.Type.values();
        TokenEvent.Access[] accesses = TokenEvent.Access.values();
        for (int w = 0; w < count; w++) {
            WorkspaceState ws = new WorkspaceState(str(in), false);   // the check index is built once, below
            ws.name = nullable(in);
            for (EventSource source : EventSource.values()) {
                positions.get(source).put(ws.id, in.readLong());
            }
            for (int i = count(in); i > 0; i--) {
                ws.members.put(str(in), roles[in.readUnsignedByte()]);
            }
            readStrings(in, ws.groups);
            readStringSets(in, ws.groupsOfUser);
            readStringSets(in, ws.usersOfGroup);
            readGrants(in, subjectTypes, ws::putGrants);
            for (int i = count(in); i > 0; i--) {
                ws.tokens.put(str(in), accesses[in.readUnsignedByte()]);
            }
            for (int i = count(in); i > 0; i--) {
                ResourceRef ref = resource(in);
                int flags = in.readUnsignedByte();
                String parent = nullable(in);
                Set<LabelRef> labels = readLabels(in, new HashSet<>());
                ws.putResource(ref, ws.resourceState((flags & 1) != 0, (flags & 2) != 0,
                        parent == null ? null : new ResourceRef(ResourceType.SOURCE, parent),
                        Set.copyOf(labels)));
            }
            for (ResourceType type : ResourceType.values()) {
                readStrings(in, ws.live.get(type));
            }
            for (int i = count(in); i > 0; i--) {
                LabelRef label = label(in);
                Set<ResourceRef> carriers = ConcurrentHashMap.newKeySet();
                for (int c = count(in); c > 0; c--) {
                    carriers.add(resource(in));
                }
                ws.resourcesByLabel.put(label, carriers);
            }
            for (int i = count(in); i > 0; i--) {
                String source = str(in);
                Set<String> children = ConcurrentHashMap.newKeySet();
                readStrings(in, children);
                ws.destinationsOfSource.put(source, children);
            }
            readLabels(in, ws.labels);
            for (int i = count(in); i > 0; i--) {
                ws.renamed.put(label(in), label(in));
            }
            readLabels(in, ws.labelNames);
            for (int i = count(in); i > 0; i--) {
                Subject subject = new Subject(subjectTypes[in.readUnsignedByte()], str(in));
                List<WorkspaceState.PendingRevoke> list = new ArrayList<>();
                for (int p = count(in); p > 0; p--) {
                    Grant revoke = grant(in);
                    List<Grant> held = new ArrayList<>();
                    for (int g = count(in); g > 0; g--) {
                        held.add(grant(in));
                    }
                    list.add(new WorkspaceState.PendingRevoke(revoke, List.copyOf(held)));
                }
                ws.pendingRevokes.put(subject, List.copyOf(list));
            }
            ws.buildIndex();
            workspaces.put(ws.id, ws);
        }
        if (in.readInt() != END) {
            throw new IOException("projection stream does not end where expected");
        }
        if (!target.workspacesForSnapshot().isEmpty()) {
            throw new IllegalStateException("a snapshot is only read into an empty projection");
        }
        positions.forEach((source, bySource) -> bySource.forEach((ws, position) -> {
            if (position > 0) {
                target.applied().set(source, ws, position);
            }
        }));
        target.addWorkspaces(workspaces);
    }

    /** Moves everything of {@code from} into the empty {@code to} (a decoded snapshot into the live projection). */
    public static void transfer(Projection from, Projection to) {
        if (!to.workspacesForSnapshot().isEmpty()) {
            throw new IllegalStateException("a snapshot is only installed into an empty projection");
        }
        for (String workspaceId : from.workspacesForSnapshot().keySet()) {
            for (EventSource source : EventSource.values()) {
                long position = from.applied().get(source, workspaceId);
                if (position > 0) {
                    to.applied().set(source, workspaceId, position);
                }
            }
        }
        to.addWorkspaces(from.workspacesForSnapshot());
    }

    /** How many workspaces the projection holds (for progress lines). */
    public static int workspaces(Projection projection) {
        return projection.workspacesForSnapshot().size();
    }

    // ---- primitives ----

    /** Subjects and their grants, each subject's list in its order. */
    private static void grants(DataOutput out, Map<Subject, List<Grant>> grants) throws IOException {
        out.writeInt(grants.size());
        for (Map.Entry<Subject, List<Grant>> e : grants.entrySet()) {
            out.writeByte(e.getKey().type().ordinal());
            str(out, e.getKey().id());
            out.writeInt(e.getValue().size());
            for (Grant grant : e.getValue()) {
                grant(out, grant);
            }
        }
    }

    private static void grant(DataOutput out, Grant grant) throws IOException {
        str(out, grant.roleId());
        resource(out, grant.resource());
        out.writeInt(grant.labels().size());
        for (LabelRef label : grant.labels()) {
            label(out, label);
        }
    }

    private static Grant grant(DataInput in) throws IOException {
        String role = str(in);
        ResourceRef resource = resource(in);
        int labelCount = count(in);
        List<LabelRef> labels = new ArrayList<>(labelCount);
        for (int l = 0; l < labelCount; l++) {
            labels.add(label(in));
        }
        return new Grant(role, resource, List.copyOf(labels));
    }

    private static void readGrants(DataInput in, Subject.Type[] subjectTypes,
                                   java.util.function.BiConsumer<Subject, List<Grant>> into) throws IOException {
        for (int i = count(in); i > 0; i--) {
            Subject subject = new Subject(subjectTypes[in.readUnsignedByte()], str(in));
            int grants = count(in);
            List<Grant> list = new ArrayList<>(grants);
            for (int g = 0; g < grants; g++) {
                list.add(grant(in));
            }
            into.accept(subject, Collections.unmodifiableList(list));
        }
    }

    private static int count(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative count " + n);
        }
        return n;
    }

    static void str(DataOutput out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String str(DataInput in) throws IOException {
        int n = count(in);
        if (n > 64 * 1024 * 1024) {
            throw new IOException("string of " + n + " bytes");
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void nullable(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            str(out, s);
        }
    }

    private static String nullable(DataInput in) throws IOException {
        return in.readBoolean() ? str(in) : null;
    }

    private static void strings(DataOutput out, Collection<String> strings) throws IOException {
        List<String> copy = List.copyOf(strings);   // concurrent sets: write a count that matches
        out.writeInt(copy.size());
        for (String s : copy) {
            str(out, s);
        }
    }

    private static void readStrings(DataInput in, Set<String> into) throws IOException {
        for (int i = count(in); i > 0; i--) {
            into.add(str(in));
        }
    }

    private static void stringSets(DataOutput out, Map<String, Set<String>> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, Set<String>> e : map.entrySet()) {
            str(out, e.getKey());
            strings(out, e.getValue());
        }
    }

    private static void readStringSets(DataInput in, Map<String, Set<String>> into) throws IOException {
        for (int i = count(in); i > 0; i--) {
            String key = str(in);
            Set<String> values = new HashSet<>();
            readStrings(in, values);
            into.put(key, Set.copyOf(values));
        }
    }

    private static void resource(DataOutput out, ResourceRef ref) throws IOException {
        out.writeByte(ref.type().ordinal());
        str(out, ref.id());
    }

    private static ResourceRef resource(DataInput in) throws IOException {
        return new ResourceRef(ResourceType.values()[in.readUnsignedByte()], str(in));
    }

    private static void label(DataOutput out, LabelRef label) throws IOException {
        str(out, label.key());
        str(out, label.value());
    }

    private static LabelRef label(DataInput in) throws IOException {
        return new LabelRef(str(in), str(in));
    }

    private static void labels(DataOutput out, Set<LabelRef> labels) throws IOException {
        List<LabelRef> copy = List.copyOf(labels);
        out.writeInt(copy.size());
        for (LabelRef label : copy) {
            label(out, label);
        }
    }

    private static Set<LabelRef> readLabels(DataInput in, Set<LabelRef> into) throws IOException {
        for (int i = count(in); i > 0; i--) {
            into.add(label(in));
        }
        return into;
    }
}
