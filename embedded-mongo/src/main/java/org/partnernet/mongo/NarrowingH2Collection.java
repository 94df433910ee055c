package org.partnernet.mongo;

import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.h2.mvstore.MVMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;

/**
 * An H2 collection that also uses a unique index for a query naming more fields than the index.
 *
 * <p>The stock collection uses an index only when the query's fields are exactly the index's: the optimistic update
 * every service makes, {@code {_id: x, version: n}}, read the whole collection to find one document. Here, when no
 * index takes the whole query, a unique index whose every field the query pins to a plain value picks the (at most
 * one) candidate, and the whole query is then matched against it as before. The Java driver renders
 * {@code Filters.and(...)} as a top-level {@code $and}; its equalities pin an index too. A query no index serves
 * reads every document: each such pass is logged at debug with the collection and the query's field names.
 */
final class NarrowingH2Collection extends H2Collection {

    private static final Logger log = LoggerFactory.getLogger(NarrowingH2Collection.class);

    private final MVMap<Object, Document> dataMap;

    NarrowingH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                          MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursors) {
        super(database, collectionName, options, dataMap, metaMap, cursors);
        this.dataMap = dataMap;
    }

    /**
     * Every document, one at a time, for an aggregation's first stage. The stock collection answers this with a
     * query that first collects the whole collection into a list: a {@code $match} + {@code $group} count over a
     * large collection (the referral sweep's gauges) then needed all of it in the heap at once and ran a 256 MiB
     * server out of memory. Streaming holds only what the later stages keep, and the pass lets writers in every
     * {@link ReadYield#EVERY} documents. The map's iterator walks the version of the map it started on, so writes
     * made meanwhile do not disturb it.
     */
    @Override
    public Stream<Document> queryAllAsStream() {
        Iterator<Document> documents = dataMap.values().iterator();
        Iterator<Document> yielding = new Iterator<>() {
            private int read;

            @Override
            public boolean hasNext() {
                return documents.hasNext();
            }

            @Override
            public Document next() {
                if (++read % ReadYield.EVERY == 0) {
                    ReadYield.now();
                }
                return documents.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(yielding, Spliterator.ORDERED), false);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                         int batchSize, Document fieldSelector) {
        for (Index<Object> index : getIndexes()) {
            if (index.canHandle(query)) {
                return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
        }
        for (Index<Object> index : getIndexes()) {
            Document pinned = pinned(query, index);
            if (pinned != null && index.canHandle(pinned)) {
                return matchDocuments(query, index.getPositions(pinned), orderBy, numberToSkip, limit, batchSize,
                        fieldSelector);
            }
        }
        // field names only: the values may be personal data
        log.debug("full pass over {} for a query on {}", getCollectionName(), query.keySet());
        return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /**
     * The part of the query on the index's fields, if it gives each a plain value (no operator); else null. Fields
     * are taken from the top level and from a top-level {@code $and}, which is how the Java driver renders
     * {@code Filters.and(eq("_id", x), eq("version", n))}.
     */
    private static Document pinned(Document query, Index<Object> index) {
        Document pinned = new Document();
        for (IndexKey key : index.getKeys()) {
            Object value = plainValue(query, key.getKey());
            if (value == null) {
                return null;
            }
            pinned.put(key.getKey(), value);
        }
        return pinned;
    }

    private static Object plainValue(Document query, String field) {
        Object value = query.get(field);
        if (isPlain(value)) {
            return value;
        }
        if (query.get("$and") instanceof List<?> all) {
            for (Object part : all) {
                if (part instanceof Document document && isPlain(document.get(field))) {
                    return document.get(field);
                }
            }
        }
        return null;
    }

    private static boolean isPlain(Object value) {
        return value != null && !(value instanceof Document) && !(value instanceof java.util.regex.Pattern);
    }
}
