package org.partnernet.e2e;

/** The demo organisations and users of deploy/keycloak/partnernet-realm.json (their ids are also partner ids). */
final class DemoRealm {

    static final String HARBOR_HOUSE = "01900000-0000-7000-8000-000000000001";
    static final String BRIDGEWAY = "01900000-0000-7000-8000-000000000002";
    static final String NORTHSIDE = "01900000-0000-7000-8000-000000000004";
    static final String GRACE_CHURCH = "01900000-0000-7000-8000-000000000005";
    static final String METRO_COALITION = "01900000-0000-7000-8000-000000000006";
    static final String SAFE_PASSAGE = "01900000-0000-7000-8000-000000000007";
    /** A well-formed partner id that no demo organisation has. */
    static final String UNKNOWN_PARTNER = "01900000-0000-7000-8000-0000000000ff";

    private DemoRealm() {
    }
}
