package io.iamsuite.identity.api;

import io.iamsuite.rest.Pagination;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Documents {@code pagination.count} and {@code pagination.cursor} on every list operation. The list endpoints
 * read them through {@link Pagination} (which also accepts the SDK's {@code pagination[count]}), not as
 * {@code @QueryParam}s, so the generated document would not show them: every GET whose answer carries a
 * {@code data.pagination} gets both, and a list endpoint added later is documented (and swept by
 * {@code MalformedInputSweepTest}) without further work.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class PaginationParameters implements OASFilter {
    private static final String SCHEMAS = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Map<String, Schema> schemas = openAPI.getComponents() == null ? Map.of() : openAPI.getComponents().getSchemas();
        openAPI.getPaths().getPathItems().values().forEach(item -> {
            Operation get = item.getGET();
            if (get != null && answersPagination(get, schemas == null ? Map.of() : schemas)) {
                addQueryParameter(get, Pagination.COUNT, "Items per page, 1-" + Pagination.MAX_COUNT
                        + " (default " + Pagination.DEFAULT_COUNT + "); the SDK's pagination[count] is read too",
                        OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                                .minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(Pagination.MAX_COUNT)));
                addQueryParameter(get, Pagination.CURSOR, "An opaque cursor from pagination.current, next or "
                        + "previous of this list; absent for the first page", OASFactory.createSchema()
                        .addType(Schema.SchemaType.STRING));
            }
        });
    }

    private static boolean answersPagination(Operation operation, Map<String, Schema> schemas) {
        if (operation.getResponses() == null) {
            return false;
        }
        APIResponse ok = operation.getResponses().getAPIResponse("200");
        if (ok == null || ok.getContent() == null) {
            return false;
        }
        MediaType json = ok.getContent().getMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON);
        Schema envelope = json == null ? null : resolve(json.getSchema(), schemas);
        Schema data = envelope == null || envelope.getProperties() == null ? null
                : resolve(envelope.getProperties().get("data"), schemas);
        return data != null && data.getProperties() != null && data.getProperties().containsKey("pagination");
    }

    private static Schema resolve(Schema schema, Map<String, Schema> schemas) {
        Schema current = schema;
        for (int depth = 0; current != null && current.getRef() != null && depth < 10; depth++) {
            String ref = current.getRef();
            current = ref.startsWith(SCHEMAS) ? schemas.get(ref.substring(SCHEMAS.length())) : null;
        }
        return current;
    }

    private static void addQueryParameter(Operation operation, String name, String description, Schema schema) {
        if (operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> name.equals(p.getName()) && p.getIn() == Parameter.In.QUERY)) {
            return;
        }
        operation.addParameter(OASFactory.createParameter().name(name).in(Parameter.In.QUERY).required(false)
                .description(description).schema(schema));
    }
}
