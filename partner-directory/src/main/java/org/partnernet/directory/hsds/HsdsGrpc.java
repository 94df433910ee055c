package org.partnernet.directory.hsds;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.partnernet.api.directory.v1.ExportHsdsRequest;
import org.partnernet.api.directory.v1.ExportHsdsResponse;
import org.partnernet.api.directory.v1.ImportError;
import org.partnernet.api.directory.v1.ImportHsdsRequest;
import org.partnernet.api.directory.v1.ImportHsdsResponse;
import org.partnernet.directory.partner.HsdsEndpoints;
import org.partnernet.directory.partner.PartnerAccess;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.Violations;
import org.partnernet.servicekit.id.Ids;
import org.springframework.stereotype.Component;

/** HSDS RPCs: google.protobuf.Struct (JSON objects on the wire) ⇄ maps the use cases read and write. */
@Component
class HsdsGrpc implements HsdsEndpoints {

  private final ImportingHsds importing;
  private final ExportingHsds exporting;

  HsdsGrpc(ImportingHsds importing, ExportingHsds exporting) {
    this.importing = importing;
    this.exporting = exporting;
  }

  @Override
  public ImportHsdsResponse importHsds(Caller caller, ImportHsdsRequest request) {
    PartnerAccess.requireCoordinator(caller);
    ImportingHsds.Report report = importing.importData(caller,
        request.getOrganizationsList().stream().map(HsdsGrpc::toMap).toList(),
        request.getServicesList().stream().map(HsdsGrpc::toMap).toList());
    var out = ImportHsdsResponse.newBuilder().setCreated(report.created()).setUpdated(report.updated())
        .setUnchanged(report.unchanged());
    report.errors().forEach(e -> out.addErrors(ImportError.newBuilder().setRecordType(e.recordType())
        .setRecordId(e.recordId() == null ? "" : e.recordId()).setField(e.field() == null ? "" : e.field())
        .setMessage(e.message())));
    return out.build();
  }

  @Override
  public ExportHsdsResponse exportHsds(Caller caller, ExportHsdsRequest request) {
    PartnerAccess.requireCoordinator(caller);
    Violations v = new Violations();
    v.check(request.getPageSize() >= 0, "page_size", "must not be negative");
    String after = "";
    if (!request.getPageToken().isEmpty()) {
      try {
        after = new String(Base64.getUrlDecoder().decode(request.getPageToken()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        after = null;
      }
      v.check(after != null && after.startsWith("h1:") && Ids.isId(after.substring(3)), "page_token",
          "is not a token from ExportHsds");
    }
    v.throwIfAny();
    int pageSize = request.getPageSize() == 0 ? ExportingHsds.DEFAULT_PAGE
        : Math.min(request.getPageSize(), ExportingHsds.MAX_PAGE);
    ExportingHsds.Page page = exporting.export(caller, after.isEmpty() ? "" : after.substring(3), pageSize);
    var out = ExportHsdsResponse.newBuilder();
    page.organizations().forEach(o -> out.addOrganizations(toStruct(o)));
    page.services().forEach(s -> out.addServices(toStruct(s)));
    if (page.lastId() != null) {
      out.setNextPageToken(Base64.getUrlEncoder().withoutPadding()
          .encodeToString(("h1:" + page.lastId()).getBytes(StandardCharsets.UTF_8)));
    }
    return out.build();
  }

  static Map<String, Object> toMap(Struct struct) {
    Map<String, Object> map = new LinkedHashMap<>();
    struct.getFieldsMap().forEach((k, v) -> map.put(k, toJava(v)));
    return map;
  }

  private static Object toJava(Value value) {
    return switch (value.getKindCase()) {
      case STRUCT_VALUE -> toMap(value.getStructValue());
      case LIST_VALUE -> {
        List<Object> list = new ArrayList<>();
        value.getListValue().getValuesList().forEach(v -> list.add(toJava(v)));
        yield list;
      }
      case STRING_VALUE -> value.getStringValue();
      case NUMBER_VALUE -> value.getNumberValue();
      case BOOL_VALUE -> value.getBoolValue();
      default -> null;
    };
  }

  static Struct toStruct(Map<String, Object> map) {
    Struct.Builder struct = Struct.newBuilder();
    map.forEach((k, v) -> struct.putFields(k, toValue(v)));
    return struct.build();
  }

  @SuppressWarnings("unchecked")
  private static Value toValue(Object value) {
    if (value == null) {
      return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
    if (value instanceof Map<?, ?> m) {
      return Value.newBuilder().setStructValue(toStruct((Map<String, Object>) m)).build();
    }
    if (value instanceof List<?> list) {
      ListValue.Builder values = ListValue.newBuilder();
      list.forEach(item -> values.addValues(toValue(item)));
      return Value.newBuilder().setListValue(values).build();
    }
    if (value instanceof Number n) {
      return Value.newBuilder().setNumberValue(n.doubleValue()).build();
    }
    if (value instanceof Boolean b) {
      return Value.newBuilder().setBoolValue(b).build();
    }
    return Value.newBuilder().setStringValue(value.toString()).build();
  }
}
