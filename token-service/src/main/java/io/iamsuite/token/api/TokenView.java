package io.iamsuite.token.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.iamsuite.catalogue.Role;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Grant;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.token.store.TokenRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A token as the API shows it: never its secret or a hash. {@code status} is EXPIRED from the expiry on, whether or
 * not the sweeper has recorded it; {@code lastUsedAt} includes uses not yet flushed to the database.
 */
public record TokenView(String id, String description, TokenEvent.Access access, List<PermissionView> permissions,
                        String createdBy, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                        boolean creatorDeparted, String status) {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();

    /** Segment's permission: one role and the resources it is granted on. */
    public record PermissionView(String roleId, String roleName, List<ResourceView> resources) {
    }

    /** A resource of a permission; {@code labels} only on a label-scoped workspace grant. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ResourceView(String id, String type, List<LabelView> labels) {
    }

    public record LabelView(String key, String value) {
    }

    static TokenView of(TokenRepository.TokenRow row, Instant pendingUse, Instant now) {
        Instant lastUsed = row.lastUsedAt();
        if (pendingUse != null && (lastUsed == null || pendingUse.isAfter(lastUsed))) {
            lastUsed = pendingUse;
        }
        var token = row.token();
        return new TokenView(token.tokenId(), token.description(), token.access(), permissions(token.grants()),
                token.createdBy(), row.createdAt(), token.expiresAt(), lastUsed, token.creatorDeparted(),
                token.statusAt(now).name());
    }

    /** Grants grouped into Segment permissions: one per role, in the order the roles were first granted. */
    static List<PermissionView> permissions(List<Grant> grants) {
        Map<String, List<ResourceView>> byRole = new LinkedHashMap<>();
        for (Grant grant : grants) {
            byRole.computeIfAbsent(grant.roleId(), id -> new ArrayList<>()).add(new ResourceView(
                    grant.resource().id(), grant.resource().type().name(),
                    grant.labels().stream().map(l -> new LabelView(l.key(), l.value())).toList()));
        }
        List<PermissionView> permissions = new ArrayList<>();
        byRole.forEach((roleId, resources) -> permissions.add(new PermissionView(roleId,
                CATALOGUE.role(roleId).map(Role::name).orElse(roleId), List.copyOf(resources))));
        return permissions;
    }
}
