package io.securepool.event;

/**
 * Receives security events. Called on the thread where the guard acted (a connecting thread, a
 * borrower, the rotator): implementations must be fast and must not throw.
 */
@FunctionalInterface
public interface SecurityEventListener {

  /** Called once per event. */
  void onEvent(SecurityEvent event);
}
