package io.iamsuite.bench.peers.cerbos;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.iamsuite.bench.peers.cerbos.api.CheckResourcesRequest;
import io.iamsuite.bench.peers.cerbos.api.PlanResourcesRequest;
import io.iamsuite.bench.peers.cerbos.api.Principal;
import io.iamsuite.bench.peers.cerbos.api.Resource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A check or a plan as Cerbos's two APIs take it: the JSON body of {@code POST /api/check/resources} and
 * {@code /api/plan/resources}, or the protobuf request of {@code CerbosService/CheckResources} and
 * {@code PlanResources}, from the principal and resources {@link CallerData} assembles. The same content either way
 * (the JSON is the protobuf's JSON mapping).
 */
public final class CerbosRequests {
    private static final JsonFactory JSON = new JsonFactory();

    /** One resource entry of a check: the resource and the action asked on it. */
    public record Entry(CallerData.Resource resource, String action) {
    }

    private CerbosRequests() {
    }

    // ---- JSON (HTTP) ----

    public static byte[] checkJson(CallerData.Principal principal, List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 256 * entries.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("principal");
            principal(g, principal);
            g.writeArrayFieldStart("resources");
            for (Entry entry : entries) {
                g.writeStartObject();
                g.writeArrayFieldStart("actions");
                g.writeString(entry.action());
                g.writeEndArray();
                g.writeFieldName("resource");
                CallerData.Resource r = entry.resource();
                g.writeStartObject();
                g.writeStringField("kind", r.kind());
                g.writeStringField("id", r.id());
                g.writeObjectFieldStart("attr");
                g.writeStringField("workspace", r.workspace());
                strings(g, "labels", r.labels());
                if (r.parent() != null) {
                    g.writeStringField(CerbosPolicies.PARENT, r.parent());
                    strings(g, CerbosPolicies.PARENT_LABELS, r.parentLabels());
                }
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] planJson(CallerData.Principal principal, String kind, String action, String workspace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("action", action);
            g.writeFieldName("principal");
            principal(g, principal);
            g.writeObjectFieldStart("resource");
            g.writeStringField("kind", kind);
            g.writeObjectFieldStart("attr");
            g.writeStringField("workspace", workspace);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void principal(JsonGenerator g, CallerData.Principal p) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", p.id());
        g.writeArrayFieldStart("roles");
        g.writeString(p.role());
        g.writeEndArray();
        g.writeObjectFieldStart("attr");
        g.writeStringField("workspace", p.workspace());
        g.writeArrayFieldStart("grants");
        for (CallerData.GrantAttr grant : p.grants()) {
            g.writeStartObject();
            g.writeStringField("role", grant.role());
            g.writeStringField("scope", grant.scope());
            g.writeStringField("type", grant.type());
            g.writeStringField("id", grant.id());
            strings(g, "labels", grant.labels());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    // ---- protobuf (gRPC) ----

    public static CheckResourcesRequest checkProto(CallerData.Principal principal, List<Entry> entries) {
        CheckResourcesRequest.Builder request = CheckResourcesRequest.newBuilder().setPrincipal(principal(principal));
        for (Entry entry : entries) {
            CallerData.Resource r = entry.resource();
            Resource.Builder resource = Resource.newBuilder().setKind(r.kind()).setId(r.id())
                    .putAttr("workspace", string(r.workspace()))
                    .putAttr("labels", strings(r.labels()));
            if (r.parent() != null) {
                resource.putAttr(CerbosPolicies.PARENT, string(r.parent()))
                        .putAttr(CerbosPolicies.PARENT_LABELS, strings(r.parentLabels()));
            }
            request.addResources(CheckResourcesRequest.ResourceEntry.newBuilder().addActions(entry.action())
                    .setResource(resource));
        }
        return request.build();
    }

    public static PlanResourcesRequest planProto(CallerData.Principal principal, String kind, String action, String workspace) {
        return PlanResourcesRequest.newBuilder().setAction(action).setPrincipal(principal(principal))
                .setResource(PlanResourcesRequest.Resource.newBuilder().setKind(kind).putAttr("workspace", string(workspace)))
                .build();
    }

    private static Principal principal(CallerData.Principal p) {
        ListValue.Builder grants = ListValue.newBuilder();
        for (CallerData.GrantAttr grant : p.grants()) {
            grants.addValues(Value.newBuilder().setStructValue(Struct.newBuilder()
                    .putFields("role", string(grant.role()))
                    .putFields("scope", string(grant.scope()))
                    .putFields("type", string(grant.type()))
                    .putFields("id", string(grant.id()))
                    .putFields("labels", strings(grant.labels()))));
        }
        return Principal.newBuilder().setId(p.id()).addRoles(p.role())
                .putAttr("workspace", string(p.workspace()))
                .putAttr("grants", Value.newBuilder().setListValue(grants).build())
                .build();
    }

    private static Value string(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    private static Value strings(List<String> values) {
        ListValue.Builder list = ListValue.newBuilder();
        for (String value : values) {
            list.addValues(string(value));
        }
        return Value.newBuilder().setListValue(list).build();
    }
}
