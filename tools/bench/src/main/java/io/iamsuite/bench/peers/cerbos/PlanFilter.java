package io.iamsuite.bench.peers.cerbos;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The filter of a Cerbos query plan ({@code PlanResources}: which resources of a kind the principal may do an action
 * on, as a condition on the resource's id and attributes), applied to resources the caller knows — what Cerbos's ORM
 * adapters do when they turn the filter into a database query. In its JSON form
 * ({@code {"kind": "KIND_CONDITIONAL", "condition": {"expression": {"operator": "or", "operands": [...]}}}}); the gRPC
 * answer is printed to the same form.
 *
 * <p>Operators: {@code and}, {@code or}, {@code not}, {@code eq}, {@code ne}, {@code in}, {@code isSubset},
 * {@code hasIntersection}, and — where the planner keeps {@code grants.exists(g, ...)} whole instead of unrolling it
 * (it does for longer lists of grants) — {@code exists}, {@code all}, {@code exists_one} with their {@code lambda},
 * {@code list}, {@code struct}/{@code set-field} and {@code index}: what the planner makes of the generated policies
 * ({@link CerbosPolicies}). Any other fails loudly rather than guess.
 */
public final class PlanFilter {
    private static final String RESOURCE_ID = "request.resource.id";
    private static final String RESOURCE_ATTR = "request.resource.attr.";

    private final String kind;
    private final JsonNode condition;

    public PlanFilter(JsonNode filter) {
        this.kind = filter.path("kind").asText("KIND_UNSPECIFIED");
        this.condition = filter.get("condition");
        if (kind.equals("KIND_CONDITIONAL") && condition == null) {
            throw new IllegalArgumentException("a conditional plan without a condition: " + filter);
        }
    }

    /** {@code KIND_ALWAYS_ALLOWED}, {@code KIND_ALWAYS_DENIED} or {@code KIND_CONDITIONAL}. */
    public String kind() {
        return kind;
    }

    public boolean allows(CallerData.Resource resource) {
        switch (kind) {
            case "KIND_ALWAYS_ALLOWED":
                return true;
            case "KIND_ALWAYS_DENIED":
                return false;
            case "KIND_CONDITIONAL":
                return Boolean.TRUE.equals(operand(condition, resource, Map.of()));
            default:
                throw new IllegalStateException("plan of kind " + kind);
        }
    }

    private static Object operand(JsonNode operand, CallerData.Resource resource, Map<String, Object> bound) {
        if (operand.has("value")) {
            return value(operand.get("value"));
        }
        if (operand.has("variable")) {
            return variable(operand.get("variable").asText(), resource, bound);
        }
        if (operand.has("expression")) {
            return expression(operand.get("expression"), resource, bound);
        }
        throw new IllegalStateException("operand without value, variable or expression: " + operand);
    }

    private static Object expression(JsonNode expression, CallerData.Resource resource, Map<String, Object> bound) {
        String operator = expression.path("operator").asText();
        JsonNode operands = expression.path("operands");
        switch (operator) {
            case "and":
                for (JsonNode o : operands) {
                    if (!Boolean.TRUE.equals(operand(o, resource, bound))) {
                        return false;
                    }
                }
                return true;
            case "or":
                for (JsonNode o : operands) {
                    if (Boolean.TRUE.equals(operand(o, resource, bound))) {
                        return true;
                    }
                }
                return false;
            case "not":
                return !Boolean.TRUE.equals(operand(operands.get(0), resource, bound));
            case "eq":
                return Objects.equals(operand(operands.get(0), resource, bound), operand(operands.get(1), resource, bound));
            case "ne":
                return !Objects.equals(operand(operands.get(0), resource, bound), operand(operands.get(1), resource, bound));
            case "in":
                return list(operand(operands.get(1), resource, bound)).contains(operand(operands.get(0), resource, bound));
            case "isSubset":
                return list(operand(operands.get(1), resource, bound))
                        .containsAll(list(operand(operands.get(0), resource, bound)));
            case "hasIntersection": {
                List<?> right = list(operand(operands.get(1), resource, bound));
                return list(operand(operands.get(0), resource, bound)).stream().anyMatch(right::contains);
            }
            case "list": {
                List<Object> out = new ArrayList<>(operands.size());
                for (JsonNode o : operands) {
                    out.add(operand(o, resource, bound));
                }
                return out;
            }
            case "struct": {
                Map<String, Object> out = new HashMap<>();
                for (JsonNode o : operands) {
                    JsonNode field = o.path("expression");
                    if (!field.path("operator").asText().equals("set-field")) {
                        throw new IllegalStateException("a struct of other than set-field: " + o);
                    }
                    out.put(String.valueOf(operand(field.path("operands").get(0), resource, bound)),
                            operand(field.path("operands").get(1), resource, bound));
                }
                return out;
            }
            case "index": {
                Object container = operand(operands.get(0), resource, bound);
                Object key = operand(operands.get(1), resource, bound);
                return container instanceof Map ? ((Map<?, ?>) container).get(key)
                        : list(container).get(((Number) key).intValue());
            }
            case "exists":
            case "all":
            case "exists_one":
                return comprehension(operator, operands, resource, bound);
            default:
                throw new IllegalStateException("plan operator '" + operator + "' is not supported: " + expression);
        }
    }

    /**
     * {@code exists(list, lambda(body, variable))} and its kin: the planner keeps a macro over a list it knows (the
     * principal's grants) when it does not unroll it, with the body over the element and the resource.
     */
    private static Object comprehension(String operator, JsonNode operands, CallerData.Resource resource,
                                        Map<String, Object> bound) {
        List<?> over = list(operand(operands.get(0), resource, bound));
        JsonNode lambda = operands.get(1).path("expression");
        if (!lambda.path("operator").asText().equals("lambda")) {
            throw new IllegalStateException(operator + " without a lambda: " + operands);
        }
        JsonNode body = lambda.path("operands").get(0);
        String name = lambda.path("operands").get(1).path("variable").asText();
        int matches = 0;
        for (Object element : over) {
            Map<String, Object> inner = new HashMap<>(bound);
            inner.put(name, element);
            boolean match = Boolean.TRUE.equals(operand(body, resource, inner));
            if (match && operator.equals("exists")) {
                return true;
            }
            if (!match && operator.equals("all")) {
                return false;
            }
            matches += match ? 1 : 0;
        }
        return operator.equals("all") || operator.equals("exists_one") && matches == 1;
    }

    private static Object variable(String name, CallerData.Resource resource, Map<String, Object> bound) {
        if (name.equals(RESOURCE_ID)) {
            return resource.id();
        }
        if (name.startsWith(RESOURCE_ATTR)) {
            switch (name.substring(RESOURCE_ATTR.length())) {
                case "workspace":
                    return resource.workspace();
                case "labels":
                    return resource.labels();
                case CerbosPolicies.PARENT:
                    return resource.parent();
                case CerbosPolicies.PARENT_LABELS:
                    return resource.parentLabels() == null ? List.of() : resource.parentLabels();
                default:
                    return null;
            }
        }
        // a lambda's variable, or a field of it: g, g.role
        String[] path = name.split("\\.");
        if (!bound.containsKey(path[0])) {
            throw new IllegalStateException("plan variable '" + name + "' is neither the resource's nor bound");
        }
        Object value = bound.get(path[0]);
        for (int i = 1; i < path.length; i++) {
            value = value instanceof Map ? ((Map<?, ?>) value).get(path[i]) : null;
        }
        return value;
    }

    private static Object value(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isArray()) {
            List<Object> out = new ArrayList<>(value.size());
            value.forEach(v -> out.add(value(v)));
            return out;
        }
        if (value.isNull()) {
            return null;
        }
        throw new IllegalStateException("plan value " + value + " is not supported");
    }

    private static List<?> list(Object value) {
        if (value instanceof List) {
            return (List<?>) value;
        }
        throw new IllegalStateException("expected a list in a plan, got " + value);
    }
}
