package io.iamsuite.policy.api;

import java.util.Map;

/**
 * A past point of a workspace's log: {@code time} (ISO-8601, every event that occurred at or before it) or
 * {@code positions} per source ({@code identity}, {@code resource}, {@code token}: every event at or below; a source
 * left out contributes nothing), not both. The positions are those of consistency tokens.
 */
public record AsOfBody(String time, Map<String, Long> positions) {
}
