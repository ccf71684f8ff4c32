package io.iamsuite.bench.peers.cedar;

import com.cedarpolicy.AuthorizationEngine;
import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.Context;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.bench.peers.Engine;
import io.iamsuite.catalogue.Action;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What both Cedar encodings share: one {@link Tenant} per workspace, cedar-java's in-process engine (JNI into the
 * Rust library bundled in the uber jar), and a check that hands Cedar the workspace's policies for the request
 * ({@link #policies}) and the entity slice the request needs ({@link #principal}, {@link #resource}) — never the
 * other 1,000 workspaces, as a Cedar deployment does with a policy store per tenant (AWS Verified Permissions) and
 * entities passed with each request. Nothing is decided in Java but routing: an unknown workspace, action or
 * subject, or another workspace named as the resource, is a deny without asking Cedar.
 *
 * <p>Checks may run on several threads at once (what is built on first use is kept in concurrent maps); changes
 * ({@link #addToGroup}, {@link #assignLabel}) come from one thread between checks, as for ours.
 *
 * <p>Entity ids carry the workspace ({@code User::"ws_1/u_3"}): ids repeat across workspaces. Policy sets are
 * pre-parsed into the native library once ({@link PolicySet#cache()}, cedar-java 4.x), so that a check sends only
 * the request and its entities across JNI, as JSON.
 */
abstract class CedarEngine implements Engine {
    static final EntityTypeName USER = type("User");
    static final EntityTypeName GROUP = type("Group");
    static final EntityTypeName TOKEN = type("Token");
    static final EntityTypeName ACTION = type("Action");
    private static final Map<ResourceType, EntityTypeName> RESOURCE_TYPES = new EnumMap<>(ResourceType.class);

    static {
        for (ResourceType t : ResourceType.values()) {
            RESOURCE_TYPES.put(t, type(cedarTypeName(t)));
        }
    }

    /** Natively cached policy sets allowed (cedar-java's default is 1,024); the count is the only limit. */
    static final int NATIVE_POLICY_SET_CACHE = 1 << 20;

    final CedarCatalogue catalogue = CedarCatalogue.standard();
    final Map<String, Tenant> tenants = new HashMap<>();
    private final AuthorizationEngine cedar = new BasicAuthorizationEngine();
    private final Map<String, EntityUID> actions = new HashMap<>();
    private final Context noContext = new Context();
    private final AtomicLong evaluationErrors = new AtomicLong();
    private volatile String firstEvaluationError;

    CedarEngine() {
        for (Action action : catalogue.actions()) {
            actions.put(action.name(), ACTION.of(action.name()));
        }
    }

    static EntityTypeName type(String name) {
        return EntityTypeName.parse(name).orElseThrow(() -> new IllegalArgumentException("not a Cedar type name: " + name));
    }

    /** SOURCE -> Source, TRACKING_PLAN -> TrackingPlan. */
    static String cedarTypeName(ResourceType type) {
        StringBuilder out = new StringBuilder();
        for (String part : type.name().split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    static EntityTypeName typeOf(ResourceType type) {
        return RESOURCE_TYPES.get(type);
    }

    /** The resource's entity: {@code Source::"ws_1/src_4"}; a workspace is {@code Workspace::"ws_1"}. */
    static EntityUID uid(Tenant tenant, ResourceRef ref) {
        return typeOf(ref.type()).of(ref.type() == ResourceType.WORKSPACE ? ref.id() : tenant.id + "/" + ref.id());
    }

    static EntityUID uid(Tenant tenant, Subject subject) {
        switch (subject.type()) {
            case USER:
                return USER.of(tenant.id + "/" + subject.id());
            case TOKEN:
                return TOKEN.of(tenant.id + "/" + subject.id());
            default:
                return GROUP.of(tenant.id + "/" + subject.id());
        }
    }

    /** {@code env:prod}: label keys and values are letters, digits and hyphens, so the colon is unambiguous. */
    static String label(LabelRef label) {
        return label.key() + ":" + label.value();
    }

    @Override
    public final void load(Dataset dataset) throws Exception {
        for (Dataset.Workspace ws : dataset.workspaces()) {
            tenants.put(ws.id(), Tenant.of(ws));
        }
        prepare();
    }

    /** Builds the policies (and whatever else the encoding keeps) once the tenants are loaded. */
    abstract void prepare() throws Exception;

    /** The policies to evaluate {@code action} for {@code subject} with; null: nothing can allow it. */
    abstract PolicySet policies(Tenant tenant, Subject subject, String action);

    /**
     * Adds the principal's entity and the ancestors the policies for {@code action} look at to {@code slice};
     * returns its uid.
     */
    abstract EntityUID principal(Tenant tenant, Subject subject, String action, Set<Entity> slice);

    /** Adds the resource's entity (and its parent's) as the policies for {@code action} read them; returns its uid. */
    abstract EntityUID resource(Tenant tenant, ResourceRef resource, String action, Set<Entity> slice);

    @Override
    public boolean check(Dataset.Question question) {
        Tenant tenant = tenants.get(question.workspaceId());
        EntityUID action = actions.get(question.action());
        ResourceRef resource = question.resource();
        if (tenant == null || action == null
                || resource.type() == ResourceType.WORKSPACE && !resource.id().equals(tenant.id)) {
            return false; // no such store, no such action, or another tenant's workspace
        }
        PolicySet policies = policies(tenant, question.subject(), question.action());
        if (policies == null) {
            return false;
        }
        Set<Entity> slice = new HashSet<>();
        EntityUID principal = principal(tenant, question.subject(), question.action(), slice);
        return authorize(principal, action, resource(tenant, resource, question.action(), slice), policies, slice);
    }

    private boolean authorize(EntityUID principal, EntityUID action, EntityUID resource, PolicySet policies, Set<Entity> slice) {
        AuthorizationResponse response;
        try {
            response = cedar.isAuthorized(new AuthorizationRequest(principal, action, resource, noContext), policies, slice);
        } catch (AuthException e) {
            throw new IllegalStateException("cedar failed on " + principal + " " + action + " " + resource + ": " + e, e);
        }
        if (response.type != AuthorizationResponse.SuccessOrFailure.Success || response.success.isEmpty()) {
            throw new IllegalStateException("cedar failed on " + principal + " " + action + " " + resource + ": "
                    + response.errors.map(Object::toString).orElse("no answer"));
        }
        AuthorizationSuccessResponse answer = response.success.get();
        if (!answer.getErrors().isEmpty()) {
            // A policy that errs is skipped (Cedar's semantics); counted, as the encodings are meant never to err.
            if (evaluationErrors.getAndIncrement() == 0) {
                firstEvaluationError = principal + " " + action + " " + resource + ": " + answer.getErrors();
            }
        }
        return answer.isAllowed();
    }

    /** Policies that erred during evaluation so far (Cedar skips them); 0 for a sound encoding. */
    long evaluationErrors() {
        return evaluationErrors.get();
    }

    String firstEvaluationError() {
        return firstEvaluationError;
    }

    /**
     * A check per resource of the type in the workspace, with the same policies and principal slice for all.
     * cedar-java 4.10 does answer {@code isAuthorizedPartial} with the resource unknown (experimental), but what it
     * returns is residual policies as JSON ({@code resource is Source && resource.labels.containsAll(["env:prod"])}):
     * turning them into a list of resources is the caller's interpreter or query translation — our code, not
     * Cedar's — so it is not used here.
     */
    @Override
    public List<ResourceRef> whatCanSee(String workspaceId, Subject subject, String action, ResourceType type) {
        Tenant tenant = tenants.get(workspaceId);
        EntityUID actionUid = actions.get(action);
        List<ResourceRef> out = new ArrayList<>();
        if (tenant == null || actionUid == null) {
            return out;
        }
        PolicySet policies = policies(tenant, subject, action);
        if (policies == null) {
            return out;
        }
        Set<Entity> principalSlice = new HashSet<>();
        EntityUID principal = principal(tenant, subject, action, principalSlice);
        for (ResourceRef ref : tenant.resourcesByType.getOrDefault(type, List.of())) {
            Set<Entity> slice = new HashSet<>(principalSlice);
            if (authorize(principal, actionUid, resource(tenant, ref, action, slice), policies, slice)) {
                out.add(ref);
            }
        }
        return out;
    }

    @Override
    public String whatCanSeeMethod() {
        return "check per resource (one isAuthorized call each)";
    }

    @Override
    public final void addToGroup(String workspaceId, String userId, String groupId) {
        Tenant tenant = tenants.get(workspaceId);
        if (tenant != null) {
            tenant.addToGroup(userId, groupId);
            addedToGroup(tenant, userId, groupId);
        }
    }

    /** Drops or rebuilds what depended on the user's groups. */
    abstract void addedToGroup(Tenant tenant, String userId, String groupId);

    @Override
    public final void assignLabel(String workspaceId, ResourceRef resource, LabelRef label) {
        Tenant tenant = tenants.get(workspaceId);
        if (tenant != null && tenant.assignLabel(resource, label)) {
            labelAssigned(tenant, resource);
        }
    }

    /** Drops or rebuilds what depended on the resource's labels. */
    abstract void labelAssigned(Tenant tenant, ResourceRef resource);

    /**
     * Entities built once per tenant, key (a subject, a resource) and variant (an action, for an encoding whose
     * slice depends on it), dropped with all their variants when what they were built from changes.
     */
    static final class EntityCache<K> {
        private final Map<String, Map<K, Map<String, Entity>>> byTenant = new ConcurrentHashMap<>();

        Entity get(Tenant tenant, K key, String variant, Supplier<Entity> build) {
            return byTenant.computeIfAbsent(tenant.id, t -> new ConcurrentHashMap<>())
                    .computeIfAbsent(key, k -> new ConcurrentHashMap<>(4))
                    .computeIfAbsent(variant, v -> build.get());
        }

        void drop(Tenant tenant, K key) {
            Map<K, Map<String, Entity>> entities = byTenant.get(tenant.id);
            if (entities != null) {
                entities.remove(key);
            }
        }
    }
}
