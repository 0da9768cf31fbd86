package io.securepool.testkit;

import java.util.Objects;

/** A user name and password that log in to a test server. The password never shows in toString. */
public final class LoginRole {

  private final String username;
  private final String password;

  LoginRole(String username, String password) {
    this.username = Objects.requireNonNull(username);
    this.password = Objects.requireNonNull(password);
  }

  /** The user name. */
  public String username() {
    return username;
  }

  /** The password, random per run. Keep it out of logs and messages. */
  public String password() {
    return password;
  }

  @Override
  public String toString() {
    return "LoginRole[" + username + ", password=****]";
  }
}
