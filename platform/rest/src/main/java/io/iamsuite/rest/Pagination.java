package io.iamsuite.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MultivaluedMap;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Segment's cursor pagination for list endpoints.
 *
 * <p>Input: {@code pagination.count} (1-1000, default {@value #DEFAULT_COUNT}) and the opaque
 * {@code pagination.cursor} from a previous answer, as query parameters. The official SDK serialises them
 * as {@code pagination[count]} and {@code pagination[cursor]}; both spellings are read. Output:
 * {@code {current, next?, previous?, totalEntries}}, {@code next} absent on the last page and
 * {@code previous} on the first.
 *
 * <p>A cursor is base64url of {@code <list>:<offset>}, where {@code list} names the listing and the version
 * of what is listed (e.g. {@code roles@1}), so a cursor of another list or of an older catalogue is refused
 * instead of silently pointing elsewhere. Bad input is a 422 naming {@value #COUNT} or {@value #CURSOR}.
 *
 * <p>The one pagination of every list endpoint.
 */
public final class Pagination {
    public static final int DEFAULT_COUNT = 10;
    public static final int MAX_COUNT = 1000;
    /** The canonical names, used in error envelopes whichever spelling the client sent. */
    public static final String COUNT = "pagination.count";
    public static final String CURSOR = "pagination.cursor";
    private static final String SDK_COUNT = "pagination[count]";
    private static final String SDK_CURSOR = "pagination[cursor]";

    private final String list;
    private final int count;
    private final int offset;

    private Pagination(String list, int count, int offset) {
        this.list = list;
        this.count = count;
        this.offset = offset;
    }

    /** Reads the pagination of a request's query parameters for the listing {@code list}. */
    public static Pagination from(MultivaluedMap<String, String> query, String list) {
        return parse(single(query, COUNT, SDK_COUNT), single(query, CURSOR, SDK_CURSOR), list);
    }

    /**
     * Reads a count and a cursor ({@code null} when not given; a blank cursor means the first page).
     *
     * @throws ApiException 422 naming the field at fault
     */
    public static Pagination parse(String count, String cursor, String list) {
        Objects.requireNonNull(list, "list");
        return new Pagination(list, parseCount(count), cursor == null || cursor.isBlank() ? 0 : decode(cursor.trim(), list));
    }

    /** Items per page. */
    public int count() {
        return count;
    }

    /** Index of the first item of the page in the whole list. */
    public int offset() {
        return offset;
    }

    /** The page of an in-memory list; an offset past the end gives an empty last page. */
    public <T> Page<T> slice(List<T> all) {
        int from = Math.min(offset, all.size());
        int to = (int) Math.min((long) offset + count, all.size());
        return new Page<>(List.copyOf(all.subList(from, to)), output(all.size()));
    }

    /** The output pagination of this page of a list of {@code totalEntries} (for lists read page by page). */
    public Output output(int totalEntries) {
        long nextOffset = (long) offset + count;
        return new Output(encode(list, offset),
                nextOffset < totalEntries ? encode(list, (int) nextOffset) : null,
                offset > 0 ? encode(list, Math.max(0, offset - count)) : null,
                totalEntries);
    }

    /** The cursor of the page starting at {@code offset} of {@code list}. */
    public static String encode(String list, int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((list + ":" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int parseCount(String text) {
        if (text == null) {
            return DEFAULT_COUNT;
        }
        String trimmed = text.trim();
        if (!trimmed.matches("[0-9]{1,4}") || Integer.parseInt(trimmed) < 1 || Integer.parseInt(trimmed) > MAX_COUNT) {
            throw ApiException.validation(COUNT, COUNT + " must be a whole number from 1 to " + MAX_COUNT
                    + ", not '" + abbreviate(text) + "'");
        }
        return Integer.parseInt(trimmed);
    }

    private static int decode(String cursor, String list) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badCursor();
        }
        int colon = decoded.lastIndexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals(list)) {
            throw badCursor();
        }
        String offset = decoded.substring(colon + 1);
        if (!offset.matches("[0-9]{1,9}")) {
            throw badCursor();
        }
        return Integer.parseInt(offset);
    }

    private static ApiException badCursor() {
        return ApiException.validation(CURSOR, CURSOR + " is not a cursor of this list (or of its current version): "
                + "pass back pagination.current, next or previous unchanged, or omit it for the first page");
    }

    private static String single(MultivaluedMap<String, String> query, String name, String sdkName) {
        List<String> values = new java.util.ArrayList<>();
        if (query.get(name) != null) {
            values.addAll(query.get(name));
        }
        if (query.get(sdkName) != null) {
            values.addAll(query.get(sdkName));
        }
        if (values.stream().distinct().count() > 1) {
            throw ApiException.validation(name, name + " is given more than once with different values");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static String abbreviate(String text) {
        return text.length() > 20 ? text.substring(0, 20) + "..." : text;
    }

    /** One page of items and the pagination to answer with it. */
    public record Page<T>(List<T> items, Output pagination) {
    }

    /** Segment's {@code PaginationOutput}; absent fields are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Output(String current, String next, String previous, Integer totalEntries) {
    }
}
