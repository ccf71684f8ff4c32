package io.iamsuite.policy.api;

import io.iamsuite.auth.OperatorOnly;
import io.iamsuite.policy.admin.ProjectionRebuilder;
import io.iamsuite.policy.snapshot.Snapshots;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.DataEnvelope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operator's maintenance of the live projection: rebuild it from the event topics beside the old one (which
 * keeps answering) and swap it in when it has caught up; follow the rebuild's progress; take a snapshot now (before a
 * planned restart, or after a bulk import instead of waiting for the next timed one).
 */
@Path("/policy/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    /** How long {@code POST /snapshot} waits for the snapshot to be stored unless {@code waitSeconds} says otherwise. */
    static final int DEFAULT_WAIT_SECONDS = 30;
    static final int MAX_WAIT_SECONDS = 600;

    private final ProjectionRebuilder rebuilder;
    private final Snapshots snapshots;

    public AdminResource(ProjectionRebuilder rebuilder, Snapshots snapshots) {
        this.rebuilder = rebuilder;
        this.snapshots = snapshots;
    }

    /** Starts a rebuild: 202 with its status; 409 if one is running. */
    @OperatorOnly
    @POST
    @Path("/rebuild")
    public Response rebuild() {
        if (!rebuilder.start()) {
            throw ApiException.conflict("rebuild", "A rebuild is running; follow it with GET /policy/v1/admin/rebuild");
        }
        return Response.accepted(DataEnvelope.of(rebuilder.status())).build();
    }

    /** The rebuild's progress: state, records read of the total, events applied, rate, hand-overs. */
    @OperatorOnly
    @GET
    @Path("/rebuild")
    public DataEnvelope<ProjectionRebuilder.Status> status() {
        return DataEnvelope.of(rebuilder.status());
    }

    /**
     * What the operator sees of snapshots: whether they are on, whether a requested one is still waiting for the
     * consumer, and the newest one this run stored (null before the first).
     */
    public record SnapshotStatus(boolean enabled, boolean requestWaiting, Long restoredFrom,
                                 Snapshots.Stored lastStored, String lastError) {
    }

    /**
     * Takes a snapshot of the projection at the consumer's next chance (it covers every event applied before this
     * request) and waits up to {@code waitSeconds} (default 30, 0 to 600; the gateway gives up on an answer after
     * 60 s) for it to be stored: 201 with the stored snapshot; 202 with the status if it is not stored yet (the
     * consumer is catching up, or still writing the previous one; follow with GET); 409 {@code snapshot} when snapshots
     * are off; 503 if it could not be stored.
     */
    @OperatorOnly
    @POST
    @Path("/snapshot")
    public Response snapshot(@Context UriInfo uri) {
        int waitSeconds = waitSeconds(uri);
        if (!snapshots.enabled()) {
            throw ApiException.conflict("snapshot", "Snapshots are off (iam.snapshot.enabled=false): a restart would "
                    + "not load one, so none is taken");
        }
        CompletableFuture<Snapshots.Stored> taken = snapshots.request();
        try {
            Snapshots.Stored stored = taken.get(waitSeconds, TimeUnit.SECONDS);
            return Response.status(Response.Status.CREATED).entity(DataEnvelope.of(stored)).build();
        } catch (TimeoutException e) {
            return Response.accepted(DataEnvelope.of(snapshotState())).build();
        } catch (ExecutionException e) {
            throw ApiException.unavailable("The snapshot could not be stored: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Interrupted while waiting for the snapshot");
        }
    }

    /** Snapshots' status: on or off, a request waiting, the snapshot this run started from and the newest stored. */
    @OperatorOnly
    @GET
    @Path("/snapshot")
    public DataEnvelope<SnapshotStatus> snapshotStatus() {
        return DataEnvelope.of(snapshotState());
    }

    private SnapshotStatus snapshotState() {
        return new SnapshotStatus(snapshots.enabled(), snapshots.requestWaiting(), snapshots.restoredFrom(),
                snapshots.lastStored(), snapshots.lastError());
    }

    private static int waitSeconds(UriInfo uri) {
        for (String name : uri.getQueryParameters().keySet()) {
            if (!name.equals("waitSeconds")) {
                throw ApiException.validation(name, "unknown query parameter " + name + " (only waitSeconds)");
            }
        }
        String text = uri.getQueryParameters().getFirst("waitSeconds");
        if (text == null) {
            return DEFAULT_WAIT_SECONDS;
        }
        try {
            int seconds = Integer.parseInt(text.trim());
            if (seconds >= 0 && seconds <= MAX_WAIT_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.validation("waitSeconds", "waitSeconds must be a whole number of seconds from 0 to "
                + MAX_WAIT_SECONDS + ", not '" + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'");
    }
}
