package org.partnernet.referral.webhook;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.partnernet.servicekit.error.InvalidArgumentException;

/**
 * Where webhooks may point (SSRF). https only unless {@code allowHttp}; never an address inside a network that is
 * not the public internet — loopback, unspecified, link-local (cloud metadata lives at 169.254.169.254), private,
 * shared (CGNAT, where some clouds put metadata), unique-local, multicast, reserved — unless one of the configured
 * {@code allowed} networks contains it. Checked on the URL at registration and again on the address actually
 * connected to, so a name that later resolves elsewhere (DNS rebinding) is refused at connect time.
 */
public final class TargetPolicy {

  static final int MAX_URL_LENGTH = 2000;

  private static final List<Network> FORBIDDEN = Network.parseAll(List.of(
      "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
      "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4",
      "240.0.0.0/4",
      "::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "2001:db8::/32", "100::/64"));
  /** IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64, IPv4-compatible; Java already turns
   * IPv4-mapped ::ffff:a.b.c.d into the IPv4 address). */
  private static final List<Network> EMBEDS_IPV4 = Network.parseAll(List.of("64:ff9b::/96", "::/96"));

  private final boolean allowHttp;
  private final List<Network> allowed;

  /** {@code allowedNetworks}: CIDRs (e.g. {@code 10.20.0.0/16}) that may be reached although they are forbidden. */
  public TargetPolicy(boolean allowHttp, List<String> allowedNetworks) {
    this.allowHttp = allowHttp;
    this.allowed = Network.parseAll(allowedNetworks.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
  }

  /**
   * Checks a URL at registration: scheme, shape, and every address its host resolves to now. Throws
   * INVALID_ARGUMENT on {@code field}; the message never repeats the URL (it may hold a secret token).
   */
  public URI check(String url, String field) {
    if (url == null || url.isBlank()) {
      throw new InvalidArgumentException(field, "is required");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw new InvalidArgumentException(field, "must be at most " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new InvalidArgumentException(field, "must be an absolute https URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
      throw new InvalidArgumentException(field, allowHttp ? "must be an http(s) URL" : "must be an https URL");
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidArgumentException(field, "must not carry a user name or password");
    }
    if (uri.getRawFragment() != null) {
      throw new InvalidArgumentException(field, "must not have a fragment");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new InvalidArgumentException(field, "must name a host");
    }
    InetAddress[] addresses;
    try {
      addresses = resolve(host);
    } catch (UnknownHostException | IllegalArgumentException e) {
      throw new InvalidArgumentException(field, "names a host that does not resolve");
    }
    for (InetAddress address : addresses) {
      if (!permits(address)) {
        throw new InvalidArgumentException(field,
            "must reach a public internet address (not loopback, link-local, private, unique-local or metadata)");
      }
    }
    return uri;
  }

  /** The addresses a host resolves to, for the connection; throws if any of them is not permitted. */
  InetAddress[] resolveForConnect(String host) throws UnknownHostException {
    InetAddress[] addresses = resolve(host);
    for (InetAddress address : addresses) {
      if (!permits(address)) {
        throw new ForbiddenAddressException();
      }
    }
    return addresses;
  }

  public boolean permits(InetAddress address) {
    return allowed.stream().anyMatch(n -> n.contains(address)) || !forbidden(address);
  }

  static boolean forbidden(InetAddress address) {
    if (FORBIDDEN.stream().anyMatch(n -> n.contains(address))) {
      return true;
    }
    if (address instanceof Inet6Address) {
      byte[] bytes = address.getAddress();
      if (EMBEDS_IPV4.stream().anyMatch(n -> n.contains(address)) || (bytes[0] == 0x20 && bytes[1] == 0x02)) {
        // NAT64 / mapped / 6to4 (2002:AABB:CCDD::): judge the IPv4 address inside
        byte[] v4 = bytes[0] == 0x20 ? Arrays.copyOfRange(bytes, 2, 6) : Arrays.copyOfRange(bytes, 12, 16);
        try {
          return forbidden(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return InetAddress.getAllByName(IDN.toASCII(name));
  }

  /** The resolved address is not one webhooks may reach: refused before any byte is sent. */
  static final class ForbiddenAddressException extends UnknownHostException {
    ForbiddenAddressException() {
      super("the webhook host resolves to a forbidden address");
    }
  }

  /** An address block in CIDR notation. */
  record Network(byte[] prefix, int bits) {

    static List<Network> parseAll(List<String> cidrs) {
      return cidrs.stream().map(Network::parse).toList();
    }

    static Network parse(String cidr) {
      int slash = cidr.indexOf('/');
      try {
        // literals only: getByName does not query DNS for an address literal
        String literal = slash < 0 ? cidr : cidr.substring(0, slash);
        if (!literal.matches("[0-9a-fA-F:.]+")) {
          throw new IllegalArgumentException("not an address block: " + cidr);
        }
        byte[] prefix = InetAddress.getByName(literal).getAddress();
        int bits = slash < 0 ? prefix.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        if (bits < 0 || bits > prefix.length * 8) {
          throw new IllegalArgumentException("bad prefix length: " + cidr);
        }
        return new Network(prefix, bits);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException("not an address block: " + cidr);
      }
    }

    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != prefix.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (bytes[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (bytes[full] & mask) == (prefix[full] & mask);
    }
  }
}
