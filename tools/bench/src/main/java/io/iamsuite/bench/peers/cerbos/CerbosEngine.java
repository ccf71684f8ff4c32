package io.iamsuite.bench.peers.cerbos;

import com.fasterxml.jackson.databind.JsonNode;
import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.bench.peers.Engine;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Cerbos as an {@link Engine}: a PDP on loopback with the catalogue's policies ({@link CerbosPolicies}), asked by a
 * caller that holds the data ({@link CallerData}) and sends it with each request, over HTTP ({@link CerbosHttpEngine})
 * or gRPC ({@link CerbosGrpcEngine}).
 *
 * <p>{@link #load} starts a server of its own in a temporary directory, or, when the system properties
 * {@code cerbos.http} and {@code cerbos.grpc} name the addresses of one already running with the same policies
 * ({@code tools/bench/cerbos/cerbos.sh start}), uses that. A check is one {@code CheckResources} call; a batch one call
 * per run of questions of the same subject (at most {@value #MAX_RESOURCES} resources, the server's limit);
 * {@link #whatCanSee} is one {@code PlanResources} call whose filter the caller applies to the workspace's resources.
 */
public abstract class CerbosEngine implements Engine {
    /** {@code server.requestLimits.maxResourcesPerRequest} of config.yaml. */
    static final int MAX_RESOURCES = 50;

    private CerbosServer server;
    private Path directory;
    private CallerData data;

    /** Connects the client to the server's addresses ({@code 127.0.0.1:port}). */
    protected abstract void connect(String httpAddress, String grpcAddress) throws Exception;

    /** One CheckResources call: whether each entry's action is allowed, in order. */
    protected abstract boolean[] check(CallerData.Principal principal, List<CerbosRequests.Entry> entries);

    /** One PlanResources call: the filter, in its JSON form. */
    protected abstract JsonNode plan(CallerData.Principal principal, String kind, String action, String workspaceId);

    protected abstract void disconnect();

    @Override
    public void load(Dataset dataset) throws Exception {
        data = new CallerData(dataset);
        String http = System.getProperty("cerbos.http");
        String grpc = System.getProperty("cerbos.grpc");
        if (http == null || grpc == null) {
            directory = Files.createTempDirectory("cerbos-" + name() + "-");
            server = CerbosServer.start(directory);
            http = server.httpAddress();
            grpc = server.grpcAddress();
        }
        connect(http, grpc);
    }

    public CallerData data() {
        return data;
    }

    @Override
    public boolean check(Dataset.Question question) {
        return check(data.principal(question.workspaceId(), question.subject()), List.of(entry(question)))[0];
    }

    private CerbosRequests.Entry entry(Dataset.Question question) {
        return new CerbosRequests.Entry(data.resource(question.workspaceId(), question.resource()), question.action());
    }

    /** A server behind thread-safe clients (grpc-java's stub, the JDK's HttpClient); {@link CallerData} is only read. */
    @Override
    public boolean answersConcurrently() {
        return true;
    }

    @Override
    public boolean[] checkBatch(List<Dataset.Question> questions) {
        boolean[] out = new boolean[questions.size()];
        int from = 0;
        while (from < out.length) {
            Dataset.Question first = questions.get(from);
            int to = from + 1;
            while (to < out.length && to - from < MAX_RESOURCES && sameAsker(first, questions.get(to))) {
                to++;
            }
            List<CerbosRequests.Entry> entries = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                entries.add(entry(questions.get(i)));
            }
            boolean[] answers = check(data.principal(first.workspaceId(), first.subject()), entries);
            System.arraycopy(answers, 0, out, from, answers.length);
            from = to;
        }
        return out;
    }

    private static boolean sameAsker(Dataset.Question a, Dataset.Question b) {
        return a.workspaceId().equals(b.workspaceId()) && a.subject().equals(b.subject());
    }

    @Override
    public List<ResourceRef> whatCanSee(String workspaceId, Subject subject, String action, ResourceType type) {
        PlanFilter filter = new PlanFilter(plan(data.principal(workspaceId, subject), CerbosPolicies.kind(type), action,
                workspaceId));
        List<ResourceRef> out = new ArrayList<>();
        for (String id : data.resourceIds(workspaceId, type)) {
            ResourceRef ref = new ResourceRef(type, id);
            if (filter.allows(data.resource(workspaceId, ref))) {
                out.add(ref);
            }
        }
        return out;
    }

    @Override
    public String whatCanSeeMethod() {
        return "PlanResources (Cerbos's query plan) + the caller applying its filter to the workspace's resources";
    }

    @Override
    public void addToGroup(String workspaceId, String userId, String groupId) {
        data.addToGroup(workspaceId, userId, groupId);
    }

    @Override
    public void assignLabel(String workspaceId, ResourceRef resource, LabelRef label) {
        data.assignLabel(workspaceId, resource, label);
    }

    /** Checks that Cerbos answered the entries in the order asked (it does; a mismatch would mean wrong answers). */
    static void expectSameResource(CerbosRequests.Entry asked, String answeredId, int index) {
        if (!asked.resource().id().equals(answeredId)) {
            throw new IllegalStateException("result " + index + " is for resource " + answeredId + ", asked "
                    + asked.resource().id());
        }
    }

    @Override
    public void close() throws IOException {
        disconnect();
        if (server != null) {
            server.close();
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
