package io.iamsuite.policy.domain;

import java.util.List;

/**
 * One page of {@link Lookups#lookupResources}: resource ids in ascending order.
 *
 * @param ids  the page
 * @param next the id to pass as {@code after} for the next page, or null on the last page
 */
public record ResourcePage(List<String> ids, String next) {
    public ResourcePage {
        ids = List.copyOf(ids);
    }
}
