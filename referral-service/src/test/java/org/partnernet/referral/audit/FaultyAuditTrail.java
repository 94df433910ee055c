package org.partnernet.referral.audit;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;

/** The real audit trail, with a switch that makes every write fail as if the database refused it. */
public final class FaultyAuditTrail extends AuditTrail {

  private volatile boolean failing;

  public FaultyAuditTrail(MongoDatabase database, Clock clock) {
    super(database, clock);
  }

  public void failWrites(boolean fail) {
    this.failing = fail;
  }

  @Override
  protected boolean insert(AuditRecord record) {
    if (failing) {
      throw new MongoException("audit write refused (test)");
    }
    return super.insert(record);
  }
}
