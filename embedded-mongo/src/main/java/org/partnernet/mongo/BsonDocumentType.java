package org.partnernet.mongo;

import java.nio.ByteBuffer;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Stores the documents of a collection as BSON instead of Java serialization.
 *
 * <p>The stock H2 backend leaves its document maps to H2's {@link ObjectDataType}, which writes a document with
 * {@code ObjectOutputStream}: slow (a third of the database's CPU time under referral creates went to it) and large.
 * Every commit re-serializes each page it touched, so this cost is paid per write for a whole page of neighbours.
 * BSON is the form the documents arrive and leave in anyway, so nothing a client can store is lost on the way.
 *
 * <p>Files written before keep working: each value starts with a tag byte, {@link #TAG} is one {@link ObjectDataType}
 * never writes, and a value with any other tag is read the old way. Rewritten pages are written as BSON, so a file
 * migrates as it is used (and wholly on the compaction at every clean close).
 */
final class BsonDocumentType extends BasicDataType<Document> {

    /** Above every tag {@link ObjectDataType} writes (its highest is 119). */
    static final byte TAG = (byte) 0xB5;

    static final BsonDocumentType INSTANCE = new BsonDocumentType();

    private final ObjectDataType legacy = new ObjectDataType();

    /** Exponential moving average of the encoded size, doubled for the objects behind it; H2 sizes pages by it. */
    private volatile int averageMemory = 1024;

    private BsonDocumentType() {}

    @Override
    public int getMemory(Document document) {
        return averageMemory;
    }

    @Override
    public void write(WriteBuffer buff, Document document) {
        ByteBuf bson = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, bson);
            int length = bson.readableBytes();
            averageMemory = (int) ((2L * length + 15L * averageMemory) / 16);
            buff.put(TAG).putVarInt(length).put(bson.nioBuffer());
        } finally {
            bson.release();
        }
    }

    @Override
    public Document read(ByteBuffer buff) {
        if (buff.get(buff.position()) != TAG) {
            return (Document) legacy.read(buff);
        }
        buff.get();
        int length = DataUtils.readVarInt(buff);
        ByteBuffer slice = buff.slice();
        slice.limit(length);
        buff.position(buff.position() + length);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(slice));
    }

    /** Documents are values, never keys; H2 compares values only to tell whether a conditional update applies. */
    @Override
    public int compare(Document a, Document b) {
        return a.equals(b) ? 0 : 1;
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }
}
