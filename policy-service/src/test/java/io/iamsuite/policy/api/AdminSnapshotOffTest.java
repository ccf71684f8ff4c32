package io.iamsuite.policy.api;

import io.iamsuite.policy.config.PolicyConfig;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.audit.AuditTrail;
import io.iamsuite.policy.snapshot.Snapshots;
import io.iamsuite.rest.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.UriInfo;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With snapshots off ({@code iam.snapshot.enabled=false}) a start never loads one, so "snapshot now" is refused with
 * 409 {@code snapshot} and nothing is requested; the status says they are off. (Unit test of the resource: the
 * {@code QuarkusTest}s run with snapshots on.)
 */
class AdminSnapshotOffTest {
    @Test
    void with_snapshots_off_a_snapshot_now_is_409_and_nothing_is_requested() {
        Snapshots snapshots = new Snapshots(null, new Projection(), new AuditTrail(10), config(false),
                new SimpleMeterRegistry());
        AdminResource admin = new AdminResource(null, snapshots);

        assertThatThrownBy(() -> admin.snapshot(query()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.field()).isEqualTo("snapshot");
                    assertThat(e.getMessage()).contains("iam.snapshot.enabled=false");
                });
        assertThat(snapshots.requestWaiting()).isFalse();
        AdminResource.SnapshotStatus status = admin.snapshotStatus().data();
        assertThat(status.enabled()).isFalse();
        assertThat(status.lastStored()).isNull();
    }

    @Test
    void a_bad_wait_is_refused_before_anything_else() {
        AdminResource admin = new AdminResource(null, new Snapshots(null, new Projection(), new AuditTrail(10),
                config(false), new SimpleMeterRegistry()));
        assertThatThrownBy(() -> admin.snapshot(query("waitSeconds", "1.5")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.field()).isEqualTo("waitSeconds");
                });
    }

    private static UriInfo query(String... nameValues) {
        MultivaluedHashMap<String, String> parameters = new MultivaluedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            parameters.add(nameValues[i], nameValues[i + 1]);
        }
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getQueryParameters" -> parameters;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static PolicyConfig config(boolean enabled) {
        PolicyConfig.Snapshot snapshot = (PolicyConfig.Snapshot) Proxy.newProxyInstance(
                PolicyConfig.class.getClassLoader(), new Class<?>[] {PolicyConfig.Snapshot.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "enabled" -> enabled;
                    case "interval" -> Duration.ofSeconds(60);
                    case "everyEvents" -> 100_000L;
                    case "keep" -> 3;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (PolicyConfig) Proxy.newProxyInstance(PolicyConfig.class.getClassLoader(),
                new Class<?>[] {PolicyConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "snapshot" -> snapshot;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
