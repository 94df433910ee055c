package org.partnernet.mongo;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The keys of a unique index, stored as BSON and ordered by value.
 *
 * <p>The stock backend keys its index maps by {@link KeyValue} through H2's {@link ObjectDataType}. {@code KeyValue}
 * is not {@code Comparable}, so that type orders two keys by Java-serializing both and comparing the bytes: every
 * step of every index lookup and insert ran two {@code ObjectOutputStream}s. Here keys compare by their values
 * (MongoDB's value order, then anything that tells unequal keys apart) and are written as BSON.
 *
 * <p>Keys hold normalized values (numbers as doubles, sub-documents, lists, strings, ObjectIds, booleans, null). A key
 * with anything else is written the old way, behind its own tag, so that nothing is ever stored in a form that would
 * read back different: an index that found a different key than it stored would break uniqueness.
 */
final class KeyValueType extends BasicDataType<KeyValue> {

    static final KeyValueType INSTANCE = new KeyValueType();

    private static final String VALUES = "k";

    private final ObjectDataType legacy = new ObjectDataType();
    private final ValueComparator order = ValueComparator.asc();

    private KeyValueType() {}

    @Override
    public int compare(KeyValue a, KeyValue b) {
        int sizes = Integer.compare(a.size(), b.size());
        if (sizes != 0) {
            return sizes;
        }
        for (int i = 0; i < a.size(); i++) {
            int c = order.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        if (a.equals(b)) {
            return 0;
        }
        // equal in MongoDB's order yet not the same key (e.g. a long too large for a double beside a double):
        // still two keys, so still some fixed order
        for (int i = 0; i < a.size(); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (!java.util.Objects.equals(x, y)) {
                int c = className(x).compareTo(className(y));
                return c != 0 ? c : String.valueOf(x).compareTo(String.valueOf(y));
            }
        }
        return 0;
    }

    private static String className(Object value) {
        return value == null ? "" : value.getClass().getName();
    }

    @Override
    public int getMemory(KeyValue key) {
        int memory = 48;
        for (Object value : key) {
            memory += value instanceof String s ? 40 + 2 * s.length() : 32;
        }
        return memory;
    }

    @Override
    public void write(WriteBuffer buff, KeyValue key) {
        if (!key.stream().allMatch(KeyValueType::storableAsBson)) {
            legacy.write(buff, key);
            return;
        }
        ByteBuf bson = Unpooled.buffer(64);
        try {
            BsonEncoder.encodeDocument(new Document(VALUES, key.stream().toList()), bson);
            buff.put(BsonDocumentType.TAG).putVarInt(bson.readableBytes()).put(bson.nioBuffer());
        } finally {
            bson.release();
        }
    }

    @Override
    public KeyValue read(ByteBuffer buff) {
        if (buff.get(buff.position()) != BsonDocumentType.TAG) {
            return (KeyValue) legacy.read(buff);
        }
        buff.get();
        int length = DataUtils.readVarInt(buff);
        ByteBuffer slice = buff.slice();
        slice.limit(length);
        buff.position(buff.position() + length);
        return new KeyValue((List<?>) BsonDecoder.decodeBson(Unpooled.wrappedBuffer(slice)).get(VALUES));
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }

    /** Values that come back from BSON as an equal object of the same class. */
    private static boolean storableAsBson(Object value) {
        if (value == null || value instanceof String || value instanceof Double || value instanceof Long
                || value instanceof Boolean || value instanceof ObjectId) {
            return true;
        }
        if (value instanceof Document document) {
            return document.values().stream().allMatch(KeyValueType::storableAsBson);
        }
        if (value instanceof List<?> list) {
            return list.stream().allMatch(KeyValueType::storableAsBson);
        }
        return false;
    }
}
