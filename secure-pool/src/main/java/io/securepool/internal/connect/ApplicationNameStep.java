package io.securepool.internal.connect;

/**
 * Sends application_name in the start-up packet: no round trip, and it becomes the session's reset
 * value, so {@code RESET ALL} between borrowers brings it back. pgjdbc puts it in the start-up
 * packet only when told the server is at least 9.0; otherwise it sends a {@code SET} after login,
 * which {@code RESET ALL} would undo.
 */
final class ApplicationNameStep implements ConnectStep {

  /** The oldest PostgreSQL that supports SCRAM channel binding, which every login requires. */
  static final String MINIMUM_SERVER_VERSION = "11";

  private final String applicationName;

  ApplicationNameStep(String applicationName) {
    this.applicationName = applicationName;
  }

  @Override
  public String name() {
    return "application-name";
  }

  @Override
  public void prepare(ConnectAttempt attempt) {
    attempt.properties.setProperty("ApplicationName", applicationName);
    attempt.properties.setProperty("assumeMinServerVersion", MINIMUM_SERVER_VERSION);
  }
}
