package io.iamsuite.bench.peers;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;

import java.util.List;

/**
 * One authorization engine holding one {@link Dataset}, asked the same questions as every other: ours
 * ({@link OursEngine}) and each peer's encoding of the same access model. The conformance run and the benchmarks
 * talk to engines only through this interface, so every engine is measured on the same work.
 *
 * <p>Contract: after {@link #load}, {@link #check} answers exactly what our evaluator answers for the dataset's
 * questions (the conformance run proves it on a sample); a change ({@link #addToGroup}, {@link #assignLabel}) is
 * visible to the next {@link #check} on the same thread when the method returns.
 */
public interface Engine extends AutoCloseable {

    /** A short stable name for tables: {@code ours}, {@code jcasbin-domain-rbac}, {@code cedar-templates}, ... */
    String name();

    /** Builds the engine's state (policies, entities, relations) from the dataset; may be called once. */
    void load(Dataset dataset) throws Exception;

    /** Can the question's subject do its action on its resource? */
    boolean check(Dataset.Question question);

    /** Many questions of one workspace, answered in order (an engine without a batch call loops). */
    default boolean[] checkBatch(List<Dataset.Question> questions) {
        boolean[] out = new boolean[questions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = check(questions.get(i));
        }
        return out;
    }

    /**
     * Every resource of {@code type} in the workspace that {@code subject} can do {@code action} on: ours is
     * LookupResources; a peer answers with its nearest equivalent (a filter query, a partial evaluation, or — when it
     * has none — a check per resource of the workspace, which the tables say).
     */
    List<ResourceRef> whatCanSee(String workspaceId, Subject subject, String action, ResourceType type);

    /** Adds a user to a group (both exist in the workspace). */
    void addToGroup(String workspaceId, String userId, String groupId);

    /** Assigns a label to a resource of the workspace (both exist). */
    void assignLabel(String workspaceId, ResourceRef resource, LabelRef label);

    /** How {@link #whatCanSee} is answered, for the tables ("LookupResources", "check per resource", ...). */
    default String whatCanSeeMethod() {
        return "check per resource";
    }

    /**
     * Whether {@link #check} may be called from several threads at once (a server's client: the conformance run then
     * asks it 8 questions at a time; an in-process engine is asked from one thread, as it is measured).
     */
    default boolean answersConcurrently() {
        return false;
    }

    @Override
    default void close() throws Exception {
    }
}
