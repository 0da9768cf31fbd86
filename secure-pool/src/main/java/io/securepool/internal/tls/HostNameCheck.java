package io.securepool.internal.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Whether a server certificate is issued for a host name, read from the certificate itself: a third
 * check, independent of the TLS stack's endpoint identification and of pgjdbc's own verifier, made
 * against the host pgjdbc reports it connected to. With several hosts in a URL, this is what ties
 * each connection's certificate to its own host rather than to the first one listed.
 *
 * <p>Rules (RFC 6125, as browsers apply them): an IP address matches only an IP address entry; a
 * DNS name matches a DNS entry exactly (case-insensitive, a trailing dot ignored) or a wildcard
 * entry {@code *.rest} that stands for exactly one left-most label; the subject's CN counts only
 * when the certificate has no DNS entries at all.
 */
public final class HostNameCheck {

  private static final int DNS = 2;
  private static final int IP = 7;

  private HostNameCheck() {}

  /** Whether {@code certificate} names {@code host} (brackets around an IPv6 address allowed). */
  public static boolean names(X509Certificate certificate, String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries != null) {
        for (List<?> entry : entries) {
          int type = (Integer) entry.get(0);
          if (type == DNS) {
            dns.add(String.valueOf(entry.get(1)));
          } else if (type == IP) {
            ips.add(String.valueOf(entry.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return false;
    }
    if (isIpLiteral(bare)) {
      InetAddress address = parse(bare);
      for (String ip : ips) {
        InetAddress named = parse(ip);
        if (address != null && address.equals(named)) {
          return true;
        }
      }
      return false;
    }
    String name = normalise(bare);
    if (dns.isEmpty()) {
      String cn = commonName(certificate);
      return cn != null && matchesDns(normalise(cn), name);
    }
    for (String entry : dns) {
      if (matchesDns(normalise(entry), name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesDns(String pattern, String name) {
    if (!pattern.startsWith("*.")) {
      return pattern.equals(name);
    }
    int dot = name.indexOf('.');
    return dot > 0 && name.substring(dot).equals(pattern.substring(1)) && pattern.length() > 2;
  }

  private static String normalise(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /** Only literals: never a DNS lookup, so a name is never taken for an address. */
  private static boolean isIpLiteral(String host) {
    return host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || host.contains(":");
  }

  private static InetAddress parse(String literal) {
    if (!isIpLiteral(literal)) {
      return null;
    }
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String commonName(X509Certificate certificate) {
    try {
      LdapName subject = new LdapName(certificate.getSubjectX500Principal().getName());
      String cn = null;
      for (Rdn rdn : subject.getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          cn = String.valueOf(rdn.getValue());
        }
      }
      return cn;
    } catch (InvalidNameException e) {
      return null;
    }
  }
}
