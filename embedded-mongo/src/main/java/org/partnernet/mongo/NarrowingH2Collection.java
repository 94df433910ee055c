package org.partnernet.mongo;

import org.h2.mvstore.MVMap;

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
 * one) candidate, and the whole query is then matched against it as before.
 */
final class NarrowingH2Collection extends H2Collection {

    NarrowingH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                          MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursors) {
        super(database, collectionName, options, dataMap, metaMap, cursors);
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
        return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /** The part of the query on the index's fields, if it gives each a plain value (no operator); else null. */
    private static Document pinned(Document query, Index<Object> index) {
        if (index.getKeys().size() >= query.size()) {
            return null;
        }
        Document pinned = new Document();
        for (IndexKey key : index.getKeys()) {
            Object value = query.get(key.getKey());
            if (value == null || value instanceof Document || value instanceof java.util.regex.Pattern) {
                return null;
            }
            pinned.put(key.getKey(), value);
        }
        return pinned;
    }
}
