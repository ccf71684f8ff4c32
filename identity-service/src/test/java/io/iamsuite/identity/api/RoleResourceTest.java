package io.iamsuite.identity.api;

import io.iamsuite.rest.Pagination;
import io.iamsuite.catalogue.Role;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.testing.IamInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** {@code GET /roles} (Segment's listRoles) against the running service with its real infrastructure. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class RoleResourceTest {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();

    @Test
    void one_page_of_1000_lists_every_role_of_the_catalogue_in_file_order() {
        JsonPath body = given().queryParam("pagination.count", 1000)
                .get("/roles")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("errors", nullValue())
                .body("data.pagination.current", notNullValue())
                .body("data.pagination", not(hasKey("next")))
                .body("data.pagination", not(hasKey("previous")))
                .body("data.pagination.totalEntries", equalTo(CATALOGUE.roles().size()))
                .extract().jsonPath();

        List<Map<String, Object>> roles = body.getList("data.roles");
        assertThat(roles).extracting(r -> r.get("id")).containsExactlyElementsOf(CATALOGUE.roles().stream().map(Role::id).toList());
        assertThat(roles).extracting(r -> r.get("name")).containsExactlyElementsOf(CATALOGUE.roles().stream().map(Role::name).toList());
        assertThat(roles).allSatisfy(role -> assertThat((String) role.get("description")).isNotBlank());
        assertThat(roles.get(0)).containsEntry("id", "1WDUuRLxv84rrfCNUwvkrRtkxnS").containsEntry("name", "Workspace Owner");
        assertThat(roles).anySatisfy(role -> assertThat(role).containsEntry("id", "1aEWAcU0fArxScocwH9xxLgW7r3")
                .containsEntry("name", "Minimal Workspace Access"));
    }

    @Test
    void each_role_carries_what_it_means_in_extra_fields() {
        JsonPath body = given().queryParam("pagination.count", 1000).get("/roles").then().statusCode(200).extract().jsonPath();
        String sourceAdmin = "data.roles.find { it.name == 'Source Admin' }";

        assertThat(body.getString(sourceAdmin + ".origin")).isEqualTo("SEGMENT");
        assertThat(body.getString(sourceAdmin + ".kind")).isEqualTo("ADMIN");
        assertThat(body.getList(sourceAdmin + ".appliesTo")).containsExactly("SOURCE");
        assertThat(body.getList(sourceAdmin + ".scopes")).containsExactly("WORKSPACE", "RESOURCES", "LABELS");
        assertThat(body.getList(sourceAdmin + ".actions.SOURCE")).contains("source.read", "source.update", "source.create");
        assertThat(body.getList(sourceAdmin + ".actions.DESTINATION")).contains("destination.update");
        assertThat(body.getString(sourceAdmin + ".inherits.DESTINATION")).isEqualTo("parentSource");

        String member = "data.roles.find { it.name == 'Workspace Member' }";
        assertThat(body.getMap(member + ".actions")).isEmpty();
        assertThat(body.getMap(member)).doesNotContainKey("inherits");
        assertThat(body.getString("data.roles.find { it.name == 'Destination Admin' }.origin")).isEqualTo("IAM_SUITE");
    }

    @Test
    void without_pagination_the_first_ten_roles_come_with_a_next_cursor() {
        given().get("/roles")
                .then().statusCode(200)
                .body("data.roles", hasSize(Pagination.DEFAULT_COUNT))
                .body("data.pagination.next", notNullValue())
                .body("data.pagination.totalEntries", equalTo(CATALOGUE.roles().size()));
    }

    @Test
    void paging_through_with_count_5_collects_every_role_exactly_once() {
        List<String> seen = pageThrough(spec -> spec.queryParam("pagination.count", 5), "pagination.cursor");

        assertThat(seen).doesNotHaveDuplicates()
                .containsExactlyElementsOf(CATALOGUE.roles().stream().map(Role::id).toList());
    }

    @Test
    void the_sdk_spelling_of_the_parameters_pages_the_same_way() {
        // The official SDK serialises its PaginationInput object as pagination[count]=..&pagination[cursor]=..
        List<String> seen = pageThrough(spec -> spec.queryParam("pagination[count]", 7), "pagination[cursor]");

        assertThat(seen).containsExactlyElementsOf(CATALOGUE.roles().stream().map(Role::id).toList());
    }

    @Test
    void previous_leads_back_and_an_empty_cursor_is_the_first_page() {
        JsonPath first = given().queryParam("pagination.count", 4).queryParam("pagination.cursor", "")
                .get("/roles").then().statusCode(200).extract().jsonPath();
        JsonPath second = given().queryParam("pagination.count", 4)
                .queryParam("pagination.cursor", first.getString("data.pagination.next"))
                .get("/roles").then().statusCode(200).extract().jsonPath();
        assertThat(second.getString("data.pagination.current")).isEqualTo(first.getString("data.pagination.next"));
        assertThat(second.getString("data.pagination.previous")).isEqualTo(first.getString("data.pagination.current"));

        given().queryParam("pagination.count", 4)
                .queryParam("pagination.cursor", second.getString("data.pagination.previous"))
                .get("/roles").then().statusCode(200)
                .body("data.roles.id", equalTo(first.getList("data.roles.id")));
    }

    @Test
    void the_segment_media_type_is_answered() {
        given().accept("application/vnd.segment.v1+json").queryParam("pagination.count", 2)
                .get("/roles")
                .then().statusCode(200).body("data.roles", hasSize(2));
    }

    static Stream<Arguments> badPagination() {
        return Stream.of(
                Arguments.of("count 0", Map.of("pagination.count", "0"), "pagination.count"),
                Arguments.of("count 1001", Map.of("pagination.count", "1001"), "pagination.count"),
                Arguments.of("count abc", Map.of("pagination.count", "abc"), "pagination.count"),
                Arguments.of("count -1", Map.of("pagination.count", "-1"), "pagination.count"),
                Arguments.of("count 2.5", Map.of("pagination.count", "2.5"), "pagination.count"),
                Arguments.of("empty count", Map.of("pagination.count", ""), "pagination.count"),
                Arguments.of("SDK count 0", Map.of("pagination[count]", "0"), "pagination.count"),
                Arguments.of("two different counts", Map.of("pagination.count", "5", "pagination[count]", "6"), "pagination.count"),
                Arguments.of("garbage cursor", Map.of("pagination.cursor", "not a cursor!"), "pagination.cursor"),
                Arguments.of("cursor of another list", Map.of("pagination.cursor", cursor("users:5")), "pagination.cursor"),
                Arguments.of("cursor of an older catalogue", Map.of("pagination.cursor", cursor("roles@0:5")), "pagination.cursor"),
                Arguments.of("negative offset", Map.of("pagination.cursor", cursor("roles@" + CATALOGUE.version() + ":-5")), "pagination.cursor"),
                Arguments.of("non-numeric offset", Map.of("pagination.cursor", cursor("roles@" + CATALOGUE.version() + ":five")), "pagination.cursor"),
                Arguments.of("SDK garbage cursor", Map.of("pagination[cursor]", "%%%"), "pagination.cursor"));
    }

    @ParameterizedTest(name = "{0} -> 422 naming {2}")
    @MethodSource("badPagination")
    void bad_pagination_answers_422_naming_the_field(String name, Map<String, String> query, String field) {
        given().queryParams(query)
                .get("/roles")
                .then().statusCode(422)
                .contentType(ContentType.JSON)
                .body("errors", hasSize(1))
                .body("errors[0].type", equalTo("validation"))
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", notNullValue())
                .body("data", nullValue());
    }

    @Test
    void a_cursor_past_the_end_is_an_empty_last_page() {
        given().queryParam("pagination.cursor", cursor("roles@" + CATALOGUE.version() + ":500"))
                .get("/roles")
                .then().statusCode(200)
                .body("data.roles", hasSize(0))
                .body("data.pagination", not(hasKey("next")))
                .body("data.pagination.previous", notNullValue());
    }

    @Test
    void listing_roles_is_read_only() {
        given().contentType(ContentType.JSON).body("{}").post("/roles")
                .then().statusCode(405).body("errors[0].type", equalTo("method-not-allowed"));
    }

    /** Follows {@code next} until it is absent, collecting the role ids in order. */
    private static List<String> pageThrough(UnaryOperator<RequestSpecification> countParam, String cursorParam) {
        List<String> seen = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            RequestSpecification spec = countParam.apply(given());
            if (cursor != null) {
                spec = spec.queryParam(cursorParam, cursor);
            }
            JsonPath body = spec.get("/roles").then().statusCode(200)
                    .body("data.pagination.totalEntries", equalTo(CATALOGUE.roles().size()))
                    .extract().jsonPath();
            seen.addAll(body.getList("data.roles.id", String.class));
            assertThat(cursors.add(body.getString("data.pagination.current"))).as("a new page").isTrue();
            cursor = body.getString("data.pagination.next");
            if (cursor == null) {
                return seen;
            }
        }
        throw new AssertionError("next never disappeared");
    }

    private static String cursor(String payload) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }
}
