package org.partnernet.bench.jmh;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.partnernet.api.referral.v1.Disclosure;
import org.partnernet.mongo.EmbeddedMongo;
import org.partnernet.referral.crypto.DisclosureCipher;
import org.partnernet.referral.crypto.KeyEncryptionKey;
import org.partnernet.referral.crypto.KeyVault;

/**
 * Disclosure encryption as referral-service does it on every create and every read: its {@link DisclosureCipher}
 * seals a disclosure under a new AES-256-GCM data key bound to the referral, wraps that key with the KEK and stores it
 * in the {@link KeyVault}; opening reads the wrapped key back, unwraps it and decrypts. The vault is a real one on the
 * service's default database (the durable embedded MongoDB, on a file in a temporary directory), so seal includes
 * the durable insert of the wrapped key and open the read of it: this is the cost the service pays, not the bare
 * cipher's. The disclosure is a full one (identity, contact, demographics, needs, safety and history notes) as the
 * gRPC service serialises it (its protobuf bytes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class DisclosureBenchmark {

  private Path directory;
  private EmbeddedMongo database;
  private MongoClient client;
  private DisclosureCipher cipher;
  private byte[] disclosure;
  private byte[] sealed;
  private long referrals;

  @Setup
  public void setUp() throws Exception {
    directory = Files.createTempDirectory("disclosure-bench");
    database = EmbeddedMongo.start(directory.resolve("keys.mv.db"), "127.0.0.1", 0);
    client = MongoClients.create(database.connectionString());
    KeyEncryptionKey kek = KeyEncryptionKey.open(directory.resolve("kek.json"), true, 0);
    cipher = new DisclosureCipher(kek, new KeyVault(client.getDatabase("referral-keys")), Clock.systemUTC());
    disclosure = disclosure().toByteArray();
    sealed = cipher.seal("opened", disclosure);
  }

  @TearDown
  public void tearDown() throws Exception {
    client.close();
    database.close();
    try (var files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @Benchmark
  public byte[] seal() {
    return cipher.seal("r" + referrals++, disclosure);
  }

  @Benchmark
  public byte[] open() {
    return cipher.open("opened", sealed).orElseThrow();
  }

  private static Disclosure disclosure() {
    return Disclosure.newBuilder()
        .setIdentity(Disclosure.Identity.newBuilder().setGivenName("María").setFamilyName("Hernández López")
            .setDateOfBirth("1994-03-17").addIdentifiers("passport:X1234567"))
        .setContact(Disclosure.Contact.newBuilder().setPhone("+1 216 555 0142").setEmail("maria.h@mail.invalid")
            .setAddress("Riverton, safe address on file with the sender").setSafeContactTimes("weekdays 10-12 only"))
        .setDemographics(Disclosure.Demographics.newBuilder().setGender("female").setNationality("HN")
            .addLanguages("es").addLanguages("en"))
        .setNeeds(Disclosure.Needs.newBuilder().setNotes("Needs a bed tonight for herself and a 6-year-old; trauma "
            + "counselling in Spanish; no documents with her; has not eaten since yesterday."))
        .setSafety(Disclosure.Safety.newBuilder().setNotes("Former employer may be looking for her and knows her "
            + "phone; do not call after 18:00; do not leave messages; speak to her alone."))
        .setHistory(Disclosure.History.newBuilder().setNotes("Left a labour trafficking situation two days ago after "
            + "eleven months of unpaid work in a restaurant; police report filed; a caseworker met her at the "
            + "hospital."))
        .build();
  }
}
