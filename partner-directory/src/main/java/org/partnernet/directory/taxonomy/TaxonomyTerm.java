package org.partnernet.directory.taxonomy;

import java.util.List;

/** One entry of the vocabulary; {@code parentCode} is null for a top-level term. */
public record TaxonomyTerm(String code, String name, String description, String parentCode, List<String> synonyms) {

  public TaxonomyTerm {
    synonyms = List.copyOf(synonyms);
  }
}
