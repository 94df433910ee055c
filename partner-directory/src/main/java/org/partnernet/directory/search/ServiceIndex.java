package org.partnernet.directory.search;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.partnernet.directory.partner.Eligibility;
import org.partnernet.directory.partner.GeoPoint;
import org.partnernet.directory.partner.Location;
import org.partnernet.directory.partner.Partner;
import org.partnernet.directory.partner.Service;
import org.partnernet.directory.taxonomy.Taxonomy;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Lucene index of the services of ACTIVE partners: one document per service. Only the public view of a location is
 * ever indexed (a confidential shelter is found and sorted on its coarse point), so neither results nor distance
 * ordering can reveal where it is. Free text is analysed, never parsed as query syntax.
 *
 * <p>Public (with its constructor, {@code put}, {@code refresh}, {@code size} and {@code search}) only so that the bench
 * module can measure this very index at 10k to 1M services, instead of a copy of it.
 */
public final class ServiceIndex implements Closeable {

  static final String TAXONOMY = "taxonomy";
  static final String PARTNER_KIND = "partner_kind";
  private static final String ANY = "*";
  /** Shorter words are not matched fuzzily: "bed" would match "red", "bad", "beds"... */
  private static final int FUZZY_MIN_LENGTH = 4;
  /** Words this long may take two edits (when one finds nothing); shorter ones one. */
  private static final int TWO_EDITS_MIN_LENGTH = 8;

  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Taxonomy taxonomy;
  private final Analyzer plain = TaxonomyAnalyzers.plain();
  private final QueryBuilder synonymQueries;
  private final FacetsConfig facets = new FacetsConfig();
  private final JsonMapper json = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private volatile FacetState facetState;

  private record FacetState(IndexReader reader, DefaultSortedSetDocValuesReaderState state) {}

  public ServiceIndex(Directory directory, Taxonomy taxonomy) {
    this.directory = directory;
    this.taxonomy = taxonomy;
    this.synonymQueries = new QueryBuilder(TaxonomyAnalyzers.withSynonyms(taxonomy));
    facets.setMultiValued(TAXONOMY, true);
    try {
      writer = new IndexWriter(directory, new IndexWriterConfig(plain)
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE).setRAMBufferSizeMB(32));
      searchers = new SearcherManager(writer, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces whatever is indexed for the partner by its current services (none unless it is ACTIVE). */
  public void put(String partnerId, Partner partnerOrNull) throws IOException {
    Term key = new Term("partner", partnerId);
    if (partnerOrNull == null || !partnerOrNull.isActive() || partnerOrNull.services().isEmpty()) {
      writer.deleteDocuments(key);
      return;
    }
    List<Document> documents = new ArrayList<>();
    for (Service service : partnerOrNull.services()) {
      documents.add(facets.build(document(partnerOrNull, service)));
    }
    writer.updateDocuments(key, documents);
  }

  /** Makes what was put visible to searches. */
  public void refresh() throws IOException {
    searchers.maybeRefreshBlocking();
  }

  public int size() throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.getIndexReader().numDocs();
    } finally {
      searchers.release(searcher);
    }
  }

  /** Searchable services whose capacity was last reported before {@code cutoff}; those without capacity not counted. */
  int countCapacityReportedBefore(Instant cutoff) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.count(NumericDocValuesField.newSlowRangeQuery("capacity_time", 1, cutoff.toEpochMilli() - 1));
    } finally {
      searchers.release(searcher);
    }
  }

  private Document document(Partner partner, Service service) {
    Document doc = new Document();
    doc.add(new StringField("partner", partner.id(), Field.Store.NO));
    StringBuilder text = new StringBuilder();
    StringBuilder topics = new StringBuilder();
    append(text, service.name(), service.description(), partner.name(), partner.profile().description());
    partner.profile().alternateNames().forEach(n -> append(text, n));
    Set<String> codes = new HashSet<>();
    for (String code : service.taxonomyCodes()) {
      codes.addAll(taxonomy.withAncestors(code));
      doc.add(new SortedSetDocValuesFacetField(TAXONOMY, code));
    }
    for (String code : codes) {
      doc.add(new StringField("taxonomy", code, Field.Store.NO));
      taxonomy.term(code).ifPresent(term -> {
        append(text, term.name());
        append(topics, term.name());
        term.synonyms().forEach(s -> append(topics, s));
      });
    }
    doc.add(new TextField("text", text.toString(), Field.Store.NO));
    doc.add(new TextField("topics", topics.toString(), Field.Store.NO));
    String kind = partner.profile().kind() == null ? "OTHER" : partner.profile().kind().name();
    doc.add(new StringField("kind", kind, Field.Store.NO));
    doc.add(new SortedSetDocValuesFacetField(PARTNER_KIND, kind));
    List<String> languages = service.languages().isEmpty() ? partner.profile().languages() : service.languages();
    languages.forEach(l -> doc.add(new StringField("language", primary(l), Field.Store.NO)));
    Eligibility e = service.eligibility();
    doc.add(new IntPoint("min_age", e.minAge() == null ? 0 : e.minAge()));
    doc.add(new IntPoint("max_age", e.maxAge() == null ? Integer.MAX_VALUE : e.maxAge()));
    if (e.populations().isEmpty()) {
      doc.add(new StringField("population", ANY, Field.Store.NO));
    }
    e.populations().forEach(p -> doc.add(new StringField("population", p.name(), Field.Store.NO)));
    boolean room = service.capacity() != null && service.capacity().hasRoom();
    doc.add(new StringField("has_capacity", room ? "y" : "n", Field.Store.NO));
    doc.add(new StringField("accepting", service.acceptingReferrals() ? "y" : "n", Field.Store.NO));
    doc.add(new NumericDocValuesField("capacity_time",
        service.capacity() == null || service.capacity().updateTime() == null
            ? 0 : service.capacity().updateTime().toEpochMilli()));
    List<Location> visible = service.at(partner.profile().locations()).stream().map(Location::publicView).toList();
    for (Location location : visible) {
      GeoPoint point = location.point();
      if (point != null) {
        doc.add(new LatLonPoint("point", point.latitude(), point.longitude()));
        doc.add(new LatLonDocValuesField("point", point.latitude(), point.longitude()));
      }
    }
    ServiceHit hit = new ServiceHit(partner.id(), partner.name(), partner.profile().kind(), service, visible, null, 0);
    doc.add(new StoredField("hit", new BytesRef(json.writeValueAsBytes(hit))));
    return doc;
  }

  private static String primary(String language) {
    int dash = language.indexOf('-');
    return (dash < 0 ? language : language.substring(0, dash)).toLowerCase(java.util.Locale.ROOT);
  }

  private static void append(StringBuilder text, String... parts) {
    for (String part : parts) {
      if (part != null && !part.isBlank()) {
        text.append(part).append(" \n ");
      }
    }
  }

  /**
   * Exact words and synonyms first; only when they find nothing are the words matched fuzzily (typos): one edit
   * away first, and two (for words of eight letters or more) only when one finds nothing either. Most queries are
   * spelled right and most typos are one letter; fuzzy expansion is the most expensive part of a search, and two
   * edits on a long word cost several times one (measured: the costliest searches of bench search-scale).
   */
  public SearchResult search(SearchQuery q) throws IOException {
    SearchResult exact = search(q, 0);
    if (exact.total() > 0 || q.text() == null
        || TaxonomyAnalyzers.tokens(plain, q.text()).stream().noneMatch(t -> t.length() >= FUZZY_MIN_LENGTH)) {
      return exact;
    }
    SearchResult oneEdit = search(q, 1);
    if (oneEdit.total() > 0
        || TaxonomyAnalyzers.tokens(plain, q.text()).stream().noneMatch(t -> t.length() >= TWO_EDITS_MIN_LENGTH)) {
      return oneEdit;
    }
    return search(q, 2);
  }

  /** {@code maxEdits}: 0 for exact words and synonyms only, else the most edits a fuzzy word match may take. */
  private SearchResult search(SearchQuery q, int maxEdits) throws IOException {
    Sort sort = switch (q.order()) {
      case RELEVANCE -> null;
      case DISTANCE -> new Sort(LatLonDocValuesField.newDistanceSort("point", q.origin().latitude(),
          q.origin().longitude()));
      case CAPACITY_UPDATE_TIME -> new Sort(new SortField("capacity_time", SortField.Type.LONG, true),
          SortField.FIELD_SCORE);
    };
    int wanted = q.offset() + q.pageSize();
    IndexSearcher searcher = searchers.acquire();
    try {
      // rewritten once here: a sorted search that also scores its hits rewrites the query a second time, and each
      // rewrite of a fuzzy word builds its edit automata again (about 2 ms for a long word at two edits)
      Query query = searcher.rewrite(query(q, maxEdits));
      FacetsCollectorManager.FacetsResult result = sort == null
          ? FacetsCollectorManager.search(searcher, query, wanted, new FacetsCollectorManager())
          : FacetsCollectorManager.search(searcher, query, wanted, sort, true, new FacetsCollectorManager());
      TopDocs top = result.topDocs();
      int total = result.facetsCollector().getMatchingDocs().stream().mapToInt(m -> m.totalHits).sum();
      List<ServiceHit> hits = new ArrayList<>();
      ScoreDoc[] docs = top.scoreDocs;
      for (int i = q.offset(); i < docs.length; i++) {
        BytesRef bytes = searcher.storedFields().document(docs[i].doc).getBinaryValue("hit");
        ServiceHit hit = json.readValue(bytes.bytes, bytes.offset, bytes.length, ServiceHit.class);
        hits.add(hit.withScoreAndDistance(Float.isNaN(docs[i].score) ? 0 : docs[i].score, distance(q.origin(), hit)));
      }
      Map<String, Map<String, Integer>> counts = total == 0 ? Map.of() : facetCounts(searcher, result);
      int next = wanted < total ? wanted : -1;
      return new SearchResult(hits, total, counts, next);
    } finally {
      searchers.release(searcher);
    }
  }

  private Map<String, Map<String, Integer>> facetCounts(IndexSearcher searcher,
                                                        FacetsCollectorManager.FacetsResult result) throws IOException {
    FacetState current = facetState;
    if (current == null || current.reader() != searcher.getIndexReader()) {
      current = new FacetState(searcher.getIndexReader(),
          new DefaultSortedSetDocValuesReaderState(searcher.getIndexReader(), facets));
      facetState = current;
    }
    SortedSetDocValuesFacetCounts counts = new SortedSetDocValuesFacetCounts(current.state(), result.facetsCollector());
    Map<String, Map<String, Integer>> byDimension = new LinkedHashMap<>();
    for (String dimension : List.of(TAXONOMY, PARTNER_KIND)) {
      FacetResult top = counts.getTopChildren(100, dimension);
      Map<String, Integer> values = new LinkedHashMap<>();
      if (top != null) {
        for (LabelAndValue lv : top.labelValues) {
          values.put(lv.label, lv.value.intValue());
        }
      }
      byDimension.put(dimension, values);
    }
    return byDimension;
  }

  private static Double distance(GeoPoint origin, ServiceHit hit) {
    if (origin == null) {
      return null;
    }
    return hit.locations().stream().map(Location::point).filter(java.util.Objects::nonNull)
        .mapToDouble(origin::distanceKm).min().stream().boxed().findFirst().orElse(null);
  }

  private Query query(SearchQuery q, int maxEdits) {
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    Query text = textQuery(q.text(), maxEdits);
    // text with no searchable word in it ("*:*") finds nothing, rather than everything
    all.add(q.text() == null ? new MatchAllDocsQuery() : text == null ? new MatchNoDocsQuery() : text, Occur.MUST);
    if (!q.taxonomy().isEmpty()) {
      all.add(new TermInSetQuery("taxonomy", q.taxonomy().stream().map(BytesRef::new).toList()), Occur.FILTER);
    }
    if (q.partnerKind() != null) {
      all.add(new TermQuery(new Term("kind", q.partnerKind().name())), Occur.FILTER);
    }
    if (q.language() != null) {
      all.add(new TermQuery(new Term("language", primary(q.language()))), Occur.FILTER);
    }
    if (q.age() != null) {
      all.add(IntPoint.newRangeQuery("min_age", Integer.MIN_VALUE, q.age()), Occur.FILTER);
      all.add(IntPoint.newRangeQuery("max_age", q.age(), Integer.MAX_VALUE), Occur.FILTER);
    }
    if (!q.populations().isEmpty()) {
      List<BytesRef> wanted = new ArrayList<>();
      wanted.add(new BytesRef(ANY));
      q.populations().forEach(p -> wanted.add(new BytesRef(p.name())));
      all.add(new TermInSetQuery("population", wanted), Occur.FILTER);
    }
    if (q.hasCapacity()) {
      all.add(new TermQuery(new Term("has_capacity", "y")), Occur.FILTER);
    }
    if (q.acceptingReferrals()) {
      all.add(new TermQuery(new Term("accepting", "y")), Occur.FILTER);
    }
    if (q.origin() != null && q.radiusKm() > 0) {
      all.add(LatLonPoint.newDistanceQuery("point", q.origin().latitude(), q.origin().longitude(),
          q.radiusKm() * 1000), Occur.FILTER);
    }
    return all.build();
  }

  /**
   * BM25 over the words with the taxonomy's synonyms, plus (when {@code maxEdits} > 0) fuzzy matches of each word
   * (typos) on the text and on the taxonomy's vocabulary. Null when the text has no searchable words.
   */
  private Query textQuery(String text, int maxEdits) {
    if (text == null || text.isBlank()) {
      return null;
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    boolean anything = false;
    Query exact = synonymQueries.createBooleanQuery("text", text, Occur.SHOULD);
    if (exact != null) {
      any.add(new BoostQuery(exact, 2f), Occur.SHOULD);
      anything = true;
    }
    for (String token : maxEdits > 0 ? TaxonomyAnalyzers.tokens(plain, text) : List.<String>of()) {
      if (token.length() < FUZZY_MIN_LENGTH) {
        continue;
      }
      int edits = token.length() >= TWO_EDITS_MIN_LENGTH ? maxEdits : 1;
      any.add(new BoostQuery(new FuzzyQuery(new Term("text", token), edits, 1, 30, true), 0.5f), Occur.SHOULD);
      any.add(new BoostQuery(new FuzzyQuery(new Term("topics", token), edits, 1, 30, true), 0.5f), Occur.SHOULD);
      anything = true;
    }
    return anything ? any.build() : null;
  }

  void clear() throws IOException {
    writer.deleteAll();
  }

  @Override
  public void close() throws IOException {
    searchers.close();
    writer.close();
    directory.close();
  }

  static Collection<String> dimensions() {
    return List.of(TAXONOMY, PARTNER_KIND);
  }
}
