package io.iamsuite.identity.api;

import io.iamsuite.catalogue.PermissionsInput;
import io.iamsuite.auth.Principals;
import io.iamsuite.events.Subject;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.eventstore.EventStore;
import io.iamsuite.identity.domain.ChangePermissions;
import io.iamsuite.identity.store.GrantRepository;
import io.iamsuite.identity.store.GroupRepository;
import io.iamsuite.identity.store.MemberCommandHandler;
import io.iamsuite.identity.store.MemberRepository;
import io.iamsuite.registry.RegistryWait;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.iamsuite.rest.RequestIds;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The permission operations shared by users and groups: add, replace, list. A request may carry the
 * consistency token of a resource-service write ({@code X-Consistency-Token}); then the grant is validated only
 * once this service has applied resource-service's events up to that write (bounded wait, else 503), so a
 * resource or label created a moment ago is found.
 */
@ApplicationScoped
public class PermissionEndpoints {
    private final MemberCommandHandler handler;
    private final EventStore eventStore;
    private final GrantRepository grants;
    private final MemberRepository members;
    private final GroupRepository groups;
    private final RegistryWait registryWait;

    public PermissionEndpoints(MemberCommandHandler handler, EventStore eventStore, GrantRepository grants,
                               MemberRepository members, GroupRepository groups, RegistryWait registryWait) {
        this.handler = handler;
        this.eventStore = eventStore;
        this.grants = grants;
        this.members = members;
        this.groups = groups;
        this.registryWait = registryWait;
    }

    Uni<Response> change(String workspaceId, Subject subject, PermissionsBody body, boolean replace,
                         String consistencyToken, ContainerRequestContext request) {
        if (body == null) {
            throw ApiException.validation("body", "is required: {\"permissions\": [...]}");
        }
        var command = new ChangePermissions(workspaceId, subject,
                PermissionsInput.toRequests(body.permissions(), "permissions"), replace);
        var metadata = new CommandMetadata(Principals.actor(request), RequestIds.of(request));
        return registryWait.await(workspaceId, consistencyToken)
                .chain(() -> handler.permissions(command, metadata))
                // The grants and revokes name labels as this service knows them: the token covers the renames that
                // taught it those names, so a check at least as fresh sees them as meant.
                .chain(outcome -> registryWait.covering(outcome.append().consistencyToken()).map(covering -> {
                    String token = covering.encode();
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("permissions", UserView.permissions(outcome.grants()));
                    data.put("consistencyToken", token);
                    return Response.ok(DataEnvelope.of(data)).header(ApiHeaders.CONSISTENCY_TOKEN, token).build();
                }));
    }

    Uni<DataEnvelope<Map<String, Object>>> list(String workspaceId, Subject subject) {
        return eventStore.inTransaction(session -> requireSubject(session, workspaceId, subject)
                        .chain(() -> grants.of(session, workspaceId, subject)))
                .map(held -> DataEnvelope.of(Map.of("permissions", UserView.permissions(held))));
    }

    private Uni<Void> requireSubject(org.hibernate.reactive.mutiny.Mutiny.Session session, String workspaceId,
                                     Subject subject) {
        if (subject.type() == Subject.Type.USER) {
            return members.find(session, workspaceId, subject.id()).invoke(found -> {
                if (found == null) {
                    throw ApiException.notFound("userId", "User " + subject.id() + " is not a member of this workspace");
                }
            }).replaceWithVoid();
        }
        return groups.find(session, workspaceId, subject.id()).invoke(found -> {
            if (found == null) {
                throw ApiException.notFound("groupId", "Group " + subject.id() + " does not exist");
            }
        }).replaceWithVoid();
    }
}
