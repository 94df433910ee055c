package org.partnernet.mongo;

import java.util.List;
import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;

/**
 * The H2 database with documents stored as BSON ({@link BsonDocumentType}), unique indexes keyed by
 * {@link KeyValueType}, and collections that use a unique index for queries naming more fields than it
 * ({@link NarrowingH2Collection}). Map names are the stock backend's, so that its drop and rename find them.
 *
 * <p>Index maps have a name of their own ({@code <db>.<collection>._keys_<index>}), since their order differs from
 * the stock one: an index map the stock backend wrote ({@code ._index_<index>}) is copied into the new one when the
 * index is first opened, then removed. A kill mid-copy leaves the old map in the file, and the copy runs again.
 *
 * <p>The parent's constructor already opens the collections in the file, before this class's fields are set; the
 * store reaches those calls through {@link #OPENING}.
 */
final class DurableH2Database extends H2Database {

    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    private final MVStore store;

    private DurableH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, store, cursorRegistry);
        this.store = store;
    }

    static DurableH2Database open(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        OPENING.set(store);
        try {
            return new DurableH2Database(databaseName, store, cursorRegistry);
        } finally {
            OPENING.remove();
        }
    }

    private MVStore store() {
        return store != null ? store : OPENING.get();
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, de.bwaldvogel.mongo.bson.Document> documents = store().openMap("databases." + namespace,
                new MVMap.Builder<Object, de.bwaldvogel.mongo.bson.Document>().valueType(BsonDocumentType.INSTANCE));
        MVMap<String, Object> meta = store().openMap("meta." + namespace);
        return new NarrowingH2Collection(this, collectionName, options, documents, meta, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        MVStore store = store();
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<KeyValue, Object> map = store.openMap(keysMapName(namespace, indexName),
                new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE));
        String stockName = namespace + "._index_" + indexName;
        if (store.hasMap(stockName)) {
            MVMap<KeyValue, Object> stock = store.openMap(stockName);
            for (Map.Entry<KeyValue, Object> entry : stock.entrySet()) {
                map.put(entry.getKey(), entry.getValue());
            }
            store.removeMap(stock);
        }
        return new BsonKeyIndex(map, indexName, keys, sparse);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        store().removeMap(keysMapName(collection.getFullName(), indexName));
    }

    private static String keysMapName(String namespace, String indexName) {
        return namespace + "._keys_" + indexName;
    }
}
