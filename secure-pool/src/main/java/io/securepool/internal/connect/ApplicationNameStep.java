package io.securepool.internal.connect;

/** Sends application_name in the start-up packet: no round trip. */
final class ApplicationNameStep implements ConnectStep {

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
  }
}
