package io.iamsuite.e2e;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consistency across services (issue 6): 200 random writes through identity-service and resource-service — add a
 * member, create a source, grant a member Source Admin on a source or on the label environment:prod, replace a
 * member's permissions with none, label a source, remove a member — and after each, a check with the token the
 * write returned. A small model in the test says what the answer must be; every answer must reflect its write.
 */
@ExtendWith(RunningSuite.class)
class RandomWritesConsistencyTest {
    private static final int WRITES = 200;
    private static final String SOURCE_ADMIN = "3Mf1CFsFeeMdzC2AAEIqGjRqFm0";

    private final Api api;

    RandomWritesConsistencyTest(Suite suite) {
        this.api = new Api(suite);
    }

    /** What the test believes about one member. */
    private static final class Person {
        final String id;
        final Set<String> sources = new HashSet<>();
        boolean prodLabel;

        Person(String id) {
            this.id = id;
        }
    }

    @Test
    void every_check_with_a_writes_token_reflects_that_write() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Api.Workspace workspace = api.createWorkspace();
        String ws = workspace.id();
        String run = Api.unique();
        Api.Member owner = api.addMember(ws, "owner-" + run + "@example.com", "OWNER");
        List<Person> people = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        Set<String> prodSources = new HashSet<>();
        Map<String, Integer> kinds = new HashMap<>();
        List<String> wrong = new ArrayList<>();
        String lastResourceToken = workspace.token();   // covers every resource write so far (positions grow)

        for (int i = 0; i < WRITES; i++) {
            int kind = people.isEmpty() || sources.isEmpty() ? (people.isEmpty() ? 0 : 1) : random.nextInt(7);
            String token;
            String subject;
            String source;
            switch (kind) {
                case 0 -> {   // add a member (identity-service)
                    Api.Member member = api.addMember(ws, "m" + i + "-" + run + "@example.com", "MEMBER");
                    people.add(new Person(member.id()));
                    token = member.token();
                    subject = member.id();
                    source = sources.isEmpty() ? "src_none" : sources.get(random.nextInt(sources.size()));
                }
                case 1 -> {   // create a source (resource-service); some get environment:prod at once
                    Response created = api.json().body(Map.of("slug", "s" + i + "-" + run))
                            .post("/workspaces/{ws}/sources", ws);
                    created.then().statusCode(201);
                    source = created.path("data.source.id");
                    sources.add(source);
                    token = created.header("X-Consistency-Token");
                    lastResourceToken = token;
                    subject = people.isEmpty() ? owner.id() : people.get(random.nextInt(people.size())).id;
                }
                case 2, 3 -> {   // grant Source Admin on one source, or on the label (identity-service)
                    Person person = people.get(random.nextInt(people.size()));
                    boolean label = kind == 3;
                    source = sources.get(random.nextInt(sources.size()));
                    Map<String, Object> resource = label
                            ? Map.of("id", ws, "type", "WORKSPACE", "labels", List.of(Map.of("key", "environment", "value", "prod")))
                            : Map.of("id", source, "type", "SOURCE");
                    Response granted = api.json().header("X-Consistency-Token", lastResourceToken)
                            .body(Map.of("permissions", List.of(Map.of("roleId", SOURCE_ADMIN, "resources", List.of(resource)))))
                            .post("/workspaces/{ws}/users/{id}/permissions", ws, person.id);
                    granted.then().statusCode(200);
                    if (label) {
                        person.prodLabel = true;
                    } else {
                        person.sources.add(source);
                    }
                    token = granted.header("X-Consistency-Token");
                    subject = person.id;
                }
                case 4 -> {   // replace a member's permissions with none
                    Person person = people.get(random.nextInt(people.size()));
                    Response replaced = api.json().body(Map.of("permissions", List.of()))
                            .put("/workspaces/{ws}/users/{id}/permissions", ws, person.id);
                    replaced.then().statusCode(200);
                    person.sources.clear();
                    person.prodLabel = false;
                    token = replaced.header("X-Consistency-Token");
                    subject = person.id;
                    source = sources.get(random.nextInt(sources.size()));
                }
                case 5 -> {   // label a source environment:prod (resource-service)
                    source = sources.get(random.nextInt(sources.size()));
                    Response labelled = api.json().body(Map.of("labels", List.of(Map.of("key", "environment", "value", "prod"))))
                            .post("/workspaces/{ws}/sources/{id}/labels", ws, source);
                    labelled.then().statusCode(200);
                    prodSources.add(source);
                    token = labelled.header("X-Consistency-Token");
                    lastResourceToken = token;
                    subject = people.get(random.nextInt(people.size())).id;
                }
                default -> {   // remove a member (identity-service)
                    Person person = people.remove(random.nextInt(people.size()));
                    Response removed = api.bare().queryParam("userIds", person.id).delete("/workspaces/{ws}/users", ws);
                    removed.then().statusCode(200);
                    token = removed.header("X-Consistency-Token");
                    subject = person.id;
                    source = sources.get(random.nextInt(sources.size()));
                }
            }
            kinds.merge(String.valueOf(kind), 1, Integer::sum);
            Person person = people.stream().filter(p -> p.id.equals(subject)).findFirst().orElse(null);
            boolean expected = subject.equals(owner.id())
                    || person != null && (person.sources.contains(source) || person.prodLabel && prodSources.contains(source));
            if (sources.contains(source)) {
                boolean allowed = api.check(ws, subject, "source.update", "SOURCE", source, Api.atLeastAsFresh(token));
                if (allowed != expected) {
                    wrong.add("#" + i + " kind " + kind + " " + subject + " on " + source + ": allowed=" + allowed
                            + ", expected " + expected);
                }
            }
        }
        System.out.printf("[e2e] consistency: %d random writes (seed %d, kinds %s), each followed by a check with its token%n",
                WRITES, seed, kinds);
        assertThat(wrong).as("checks that did not reflect the write just before them (seed %d)", seed).isEmpty();
    }
}
