package org.partnernet.directory.search;

import java.util.List;
import java.util.Map;

/**
 * @param facets     dimension ("taxonomy", "partner_kind") → value → count, over all matches
 * @param nextOffset -1 when this is the last page
 */
public record SearchResult(List<ServiceHit> hits, int total, Map<String, Map<String, Integer>> facets, int nextOffset) {}
