package org.partnernet.servicekit.error;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Bad input, with one violation per offending field, so a form can show each message beside its field.
 * Collect every violation of a request before throwing: {@code Violations v = new Violations(); ... v.throwIfAny();}
 */
public class InvalidArgumentException extends ServiceException {

  /** One problem with one field; {@code field} is the proto field path, e.g. {@code partner.locations[0].latitude}. */
  public record FieldViolation(String field, String description) {}

  private final List<FieldViolation> violations;

  public InvalidArgumentException(List<FieldViolation> violations) {
    super(Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT", summary(violations));
    this.violations = List.copyOf(violations);
  }

  public InvalidArgumentException(String field, String description) {
    this(List.of(new FieldViolation(field, description)));
  }

  public List<FieldViolation> violations() {
    return violations;
  }

  private static String summary(List<FieldViolation> violations) {
    List<String> parts = new ArrayList<>();
    for (FieldViolation v : violations) {
      parts.add(v.field() + ": " + v.description());
    }
    return "invalid request: " + String.join("; ", parts);
  }
}
