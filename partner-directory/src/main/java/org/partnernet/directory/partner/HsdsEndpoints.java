package org.partnernet.directory.partner;

import org.partnernet.api.directory.v1.ExportHsdsRequest;
import org.partnernet.api.directory.v1.ExportHsdsResponse;
import org.partnernet.api.directory.v1.ImportHsdsRequest;
import org.partnernet.api.directory.v1.ImportHsdsResponse;
import org.partnernet.servicekit.caller.Caller;

/** The HSDS half of the gRPC API (implemented by the hsds feature; a seam so the gRPC class stays one class). */
public interface HsdsEndpoints {

  ImportHsdsResponse importHsds(Caller caller, ImportHsdsRequest request);

  ExportHsdsResponse exportHsds(Caller caller, ExportHsdsRequest request);
}
