package io.securepool.testkit.vault;

/**
 * What an application needs to log in with AppRole.
 *
 * @param roleId the role's {@code role_id}
 * @param secretId a {@code secret_id} of the role
 */
public record AppRoleCredentials(String roleId, String secretId) {

  @Override
  public String toString() {
    return "AppRoleCredentials[roleId=" + roleId + ", secretId=<hidden>]";
  }
}
