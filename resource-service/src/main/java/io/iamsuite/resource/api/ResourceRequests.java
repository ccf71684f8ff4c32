package io.iamsuite.resource.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iamsuite.events.LabelRef;
import io.iamsuite.resource.domain.Slugs;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Bodies of the resource and label operations: Segment's inputs limited to the fields that matter for access.
 * Segment's other fields ({@code enabled}, {@code metadataId}, {@code settings}, {@code code} ...) are accepted,
 * so that its SDK's requests work, and ignored; any other field is refused.
 */
final class ResourceRequests {
    static final String NOT_BLANK = "(?s).*\\S.*";
    static final String BLANK_RULE = "must not be blank";
    static final String NAME_RULE = "must be at most 255 characters";
    static final String ID = "[A-Za-z0-9_-]{1,255}";
    static final String ID_RULE = "must be an id: 1-255 letters, digits, _ or -";

    private ResourceRequests() {
    }

    /** Segment's {@code createSource}; {@code name} is ours (Segment derives it), defaulting to the slug. */
    record CreateSource(@NotBlank(message = "is required") @Pattern(regexp = Slugs.PATTERN, message = Slugs.RULE) String slug,
                        @Pattern(regexp = NOT_BLANK, message = BLANK_RULE) @Size(max = 255, message = NAME_RULE) String name,
                        Boolean enabled, @Size(max = 255, message = NAME_RULE) String metadataId, JsonNode settings) {
    }

    /** Segment's {@code updateSource}: absent fields stay as they are. */
    record UpdateSource(@Pattern(regexp = NOT_BLANK, message = BLANK_RULE) @Size(max = 255, message = NAME_RULE) String name,
                        @Pattern(regexp = Slugs.PATTERN, message = Slugs.RULE) String slug,
                        Boolean enabled, JsonNode settings) {
    }

    /** Segment's {@code createDestination}; {@code slug} is ours (derived from the name when absent). */
    record CreateDestination(@NotBlank(message = "is required") @Pattern(regexp = ID, message = ID_RULE) String sourceId,
                             @Size(max = 255, message = NAME_RULE) String metadataId, Boolean enabled,
                             @Pattern(regexp = NOT_BLANK, message = BLANK_RULE) @Size(max = 255, message = NAME_RULE) String name,
                             @Pattern(regexp = Slugs.PATTERN, message = Slugs.RULE) String slug,
                             JsonNode settings) {
    }

    /** Segment's {@code createWarehouse}; {@code slug} is ours. */
    record CreateWarehouse(@Size(max = 255, message = NAME_RULE) String metadataId,
                           @Pattern(regexp = NOT_BLANK, message = BLANK_RULE) @Size(max = 255, message = NAME_RULE) String name,
                           @Pattern(regexp = Slugs.PATTERN, message = Slugs.RULE) String slug,
                           Boolean enabled, JsonNode settings) {
    }

    /** Segment's {@code updateDestination} and {@code updateWarehouse}; {@code slug} is ours. */
    record UpdateConnected(@Pattern(regexp = NOT_BLANK, message = BLANK_RULE) @Size(max = 255, message = NAME_RULE) String name,
                           @Pattern(regexp = Slugs.PATTERN, message = Slugs.RULE) String slug,
                           Boolean enabled, JsonNode settings) {
    }

    /** Ours (Segment's API cannot create or change a space). */
    record CreateSpace(@NotBlank(message = "is required") @Size(max = 255, message = NAME_RULE) String name,
                       @Pattern(regexp = Slugs.PATTERN, message = Slugs.RULE) String slug) {
    }

    record UpdateSpace(@Pattern(regexp = NOT_BLANK, message = BLANK_RULE) @Size(max = 255, message = NAME_RULE) String name,
                       @Pattern(regexp = Slugs.PATTERN, message = Slugs.RULE) String slug) {
    }

    /** Segment's {@code createTrackingPlan} ({@code type} and {@code description} accepted, not kept); {@code slug} is ours. */
    record CreateTrackingPlan(@NotBlank(message = "is required") @Size(max = 255, message = NAME_RULE) String name,
                              @Pattern(regexp = "ENGAGE|LIVE|PROPERTY_LIBRARY|RULE_LIBRARY|TEMPLATE",
                                      message = "must be one of ENGAGE, LIVE, PROPERTY_LIBRARY, RULE_LIBRARY, TEMPLATE")
                              String type,
                              String description,
                              @Pattern(regexp = Slugs.PATTERN, message = Slugs.RULE) String slug) {
    }

    record UpdateTrackingPlan(@Pattern(regexp = NOT_BLANK, message = BLANK_RULE) @Size(max = 255, message = NAME_RULE) String name,
                              String description,
                              @Pattern(regexp = Slugs.PATTERN, message = Slugs.RULE) String slug) {
    }

    /** Segment's {@code addSourceToTrackingPlan}. */
    record SourceId(@NotBlank(message = "is required") @Pattern(regexp = ID, message = ID_RULE) String sourceId) {
    }

    /** Segment's {@code createFunction}: its display name is the name; {@code slug} is ours. */
    record CreateFunction(@NotBlank(message = "is required") @Size(max = 255, message = NAME_RULE) String displayName,
                          String code,
                          @Pattern(regexp = "DESTINATION|INSERT_DESTINATION|SOURCE",
                                  message = "must be one of DESTINATION, INSERT_DESTINATION, SOURCE")
                          String resourceType,
                          String description, String logoUrl, JsonNode settings,
                          @Pattern(regexp = Slugs.PATTERN, message = Slugs.RULE) String slug) {
    }

    record UpdateFunction(@Pattern(regexp = NOT_BLANK, message = BLANK_RULE) @Size(max = 255, message = NAME_RULE) String displayName,
                          String code, String description, String logoUrl, JsonNode settings,
                          @Pattern(regexp = Slugs.PATTERN, message = Slugs.RULE) String slug) {
    }

    /** Segment's {@code LabelV1}. */
    record Label(@NotNull(message = "is required") String key, @NotNull(message = "is required") String value,
                 @Size(max = 255, message = NAME_RULE) String description) {
        LabelRef ref() {
            return new LabelRef(key, value);
        }
    }

    /** Segment's {@code createLabel}. */
    record CreateLabel(@NotNull(message = "is required") @Valid Label label) {
    }

    /** Segment's {@code addLabelsToSource} / {@code replaceLabelsInSource}, and ours for every type. */
    record Labels(@NotNull(message = "is required") @Size(max = 100, message = "must hold at most 100 labels")
                  List<@NotNull(message = "must not be null") @Valid Label> labels) {
        List<LabelRef> refs() {
            return labels.stream().map(Label::ref).toList();
        }
    }

    /** Ours: rename a label. */
    record RenameLabel(@NotNull(message = "is required") @Valid Label to) {
    }

    /** Ours: rename a workspace. */
    record RenameWorkspace(@NotBlank(message = "is required") @Size(max = 255, message = NAME_RULE) String name) {
    }
}
