package io.securepool.testkit.vault;

import java.util.List;

/** An error answer to one of {@link VaultServer}'s administration calls. */
public final class VaultServerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final List<String> errors;

  VaultServerException(String path, int status, List<String> errors) {
    super(status + " on " + path + ": " + errors);
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  /**
   * The HTTP status Vault would answer with.
   *
   * @return e.g. 400
   */
  public int status() {
    return status;
  }

  /**
   * The messages of the {@code errors} body.
   *
   * @return the messages, possibly empty
   */
  public List<String> errors() {
    return errors;
  }
}
