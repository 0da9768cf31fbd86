package io.securepool.internal.tls;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.postgresql.plugin.AuthenticationRequestType;

/**
 * Holds each connect attempt's password outside pgjdbc's properties and hands it over only when the
 * server asks for SCRAM on a TLS session that secure-pool's own socket factory set up and the
 * pinned CA verified. pgjdbc asks for the password through {@link VerifiedChannelPassword} at the
 * moment the server requests authentication; whatever a URL, a property or a driver default did to
 * the connection (TLS off, another socket factory, a server asking for a cleartext or MD5
 * password), the password or anything derived from it cannot leave before that check passed.
 */
public final class PasswordGate {

  /** Why the gate stayed shut for an attempt. */
  public enum Refusal {
    /** No verified TLS session from secure-pool's factory exists for the attempt. */
    TLS_NOT_VERIFIED,
    /** The server asked for a method other than SCRAM (cleartext, MD5, GSS, SSPI). */
    WEAK_METHOD,
    /** The attempt had ended (a login timeout abandoned it). */
    NO_ATTEMPT
  }

  private static final Map<String, Entry> ENTRIES = new ConcurrentHashMap<>();

  private PasswordGate() {}

  /** Opens the gate of one attempt with its password. */
  public static void hold(String attempt, String password) {
    ENTRIES.put(attempt, new Entry(password));
  }

  /** Ends an attempt: forgets its password and returns what happened at the gate. */
  public static Outcome close(String attempt) {
    Entry entry = ENTRIES.remove(attempt);
    return entry == null ? new Outcome(false, null) : new Outcome(entry.released, entry.refusal);
  }

  /** What pgjdbc gets when the server asks for a password; see the class comment. */
  static char[] release(String attempt, AuthenticationRequestType type) {
    Entry entry = attempt == null ? null : ENTRIES.get(attempt);
    if (entry == null) {
      return null;
    }
    synchronized (entry) {
      if (!verified(PinnedSslSocketFactory.peekSocket(attempt))) {
        entry.refusal = Refusal.TLS_NOT_VERIFIED;
        return null;
      }
      if (type != AuthenticationRequestType.SASL) {
        entry.refusal = Refusal.WEAK_METHOD;
        return null;
      }
      entry.released = true;
      return entry.password.toCharArray();
    }
  }

  /**
   * Whether the socket completed a handshake: it was made by {@link PinnedSslSocketFactory}, whose
   * only trust manager is the pinned CA's, so a completed handshake is a verified one.
   */
  public static boolean verified(SSLSocket socket) {
    if (socket == null || socket.isClosed() || !socket.isConnected()) {
      return false;
    }
    SSLSession session = socket.getHandshakeSession() == null ? socket.getSession() : null;
    if (session == null || !session.isValid()) {
      return false;
    }
    if ("SSL_NULL_WITH_NULL_NULL".equals(session.getCipherSuite())) {
      return false;
    }
    try {
      return session.getPeerCertificates().length > 0;
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      return false;
    }
  }

  /** What happened at the gate during one attempt. */
  public static final class Outcome {
    private final boolean released;
    private final Refusal refusal;

    Outcome(boolean released, Refusal refusal) {
      this.released = released;
      this.refusal = refusal;
    }

    /** Whether the password was handed to pgjdbc for SCRAM over a verified session. */
    public boolean released() {
      return released;
    }

    /** Why the gate stayed shut, or {@code null}. */
    public Refusal refusal() {
      return refusal;
    }
  }

  private static final class Entry {
    final String password;
    boolean released;
    Refusal refusal;

    Entry(String password) {
      this.password = password;
    }
  }
}
