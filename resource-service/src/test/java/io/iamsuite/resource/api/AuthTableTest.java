package io.iamsuite.resource.api;

import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.testing.AuthGuardSweep;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.iamsuite.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The authorization table of every resource-service operation, generated from the code, and the label and
 * parent rules through the real filter: a label-scoped Source Admin edits exactly the sources (and their
 * destinations) that carry the label.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class AuthTableTest {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();
    private static final String SOURCE_ADMIN = CATALOGUE.roleByName("Source Admin").orElseThrow().id();

    @InjectInfra
    InfraInfo infra;

    @TestHTTPResource("/")
    URI base;

    @Test
    void every_operation_answers_strangers_and_the_unauthorized_as_the_table_says() {
        String ws = Suite.workspace();
        String other = Suite.workspace();
        var operations = AuthGuardSweep.operations(SourceResource.class);
        assertThat(operations).as("operations found in the code").hasSizeGreaterThan(40);

        var failures = new AuthGuardSweep(infra, base, ws, other, AuthGuardSweep::workspaceGrant).run(operations);

        assertThat(failures).as("cells of the authorization table that did not hold").isEmpty();
    }

    @Test
    void a_label_scoped_source_admin_edits_only_labelled_sources_and_their_destinations() {
        String ws = Suite.workspace();
        String prod = Suite.createSource(ws, "prod-source");
        String dev = Suite.createSource(ws, "dev-source");
        given().contentType(ContentType.JSON).body("{\"labels\":[{\"key\":\"environment\",\"value\":\"prod\"}]}")
                .post("/workspaces/{ws}/sources/{id}/labels", ws, prod).then().statusCode(200);
        String destination = given().contentType(ContentType.JSON).body("{\"sourceId\":\"" + prod + "\",\"name\":\"d\"}")
                .post("/workspaces/{ws}/destinations", ws).then().extract().path("data.destination.id");
        String token = TestTokens.issue(infra, ws, TokenEvent.Access.MEMBER, List.of(new Grant(SOURCE_ADMIN,
                ResourceRef.workspace(ws), List.of(new LabelRef("environment", "prod")))), null);
        String bearer = "Bearer " + token;
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().header("Authorization", bearer).get("/sources/{id}", prod).statusCode() == 200);

        given().header("Authorization", bearer).contentType(ContentType.JSON).body("{\"name\":\"Renamed\"}")
                .patch("/sources/{id}", prod).then().statusCode(200).body("data.source.name", equalTo("Renamed"));
        given().header("Authorization", bearer).contentType(ContentType.JSON).body("{\"name\":\"Nope\"}")
                .patch("/sources/{id}", dev).then().statusCode(403).body("errors[0].type", equalTo("forbidden"));
        given().header("Authorization", bearer).get("/workspaces/{ws}/destinations/{id}", ws, destination)
                .then().statusCode(200);
        given().header("Authorization", bearer).contentType(ContentType.JSON).body("{\"slug\":\"new-one\"}")
                .post("/sources").then().statusCode(403);
        given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body("{\"label\":{\"key\":\"team\",\"value\":\"x\"}}").post("/labels").then().statusCode(403);
        given().header("Authorization", bearer).get("/").then().statusCode(403);
    }
}
