package io.securepool.testkit.vault;

import java.util.List;
import java.util.Map;

/**
 * What a new token gets: its display name and path, policies and metadata, and its TTL settings in
 * seconds (0 meaning the system default of 768 h).
 *
 * @param ttl the default TTL, used at creation and for renewals without an increment
 * @param maxTtl the role's max TTL (AppRole {@code token_max_ttl})
 * @param explicitMaxTtl a hard max shown in lookups ({@code explicit_max_ttl})
 * @param period a renewal period making the token periodic
 */
record TokenSpec(
    String displayName,
    String path,
    List<String> policies,
    Map<String, String> meta,
    long ttl,
    long maxTtl,
    long explicitMaxTtl,
    long period,
    boolean renewable,
    boolean orphan,
    String entityId) {}
