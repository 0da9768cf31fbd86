package io.securepool.spring;

import io.securepool.SecurePoolConfig;
import io.securepool.SecurePoolException;
import io.securepool.Setting;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up refusal (weak URL, missing or unreadable CA, untrusted server, superuser login,
 * credentials unavailable, invalid setting) into Spring Boot's "Description / Action" report.
 *
 * <p>Every refusal message reads {@code RULE [pool] what. Why. Fix: how.}: the description is the
 * part before {@code Fix:}, the action the part after it. Setting keys in the message ({@code
 * tls.ca-file}) are shown as the Spring property to set ({@code secure-pool.tls.ca-file}).
 */
final class SecurePoolFailureAnalyzer extends AbstractFailureAnalyzer<SecurePoolException> {

  private static final String FIX = " Fix: ";

  /** Keys with a dot or a dash: plain words such as "url" are left alone. */
  private static final Pattern SETTING_KEY =
      Pattern.compile("(?<![\\w.-])([a-z]+(?:[.-][a-z]+)+)(?![\\w-])");

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SecurePoolException cause) {
    String message = cause.getMessage();
    int fix = message.indexOf(FIX);
    if (fix < 0) {
      return new FailureAnalysis(
          "secure-pool refused to start: " + message,
          "See rule " + cause.ruleId() + " in secure-pool's documentation (docs/guards/).",
          cause);
    }
    String description = "secure-pool refused to start: " + message.substring(0, fix);
    String action = capitalised(springKeys(message.substring(fix + FIX.length())));
    return new FailureAnalysis(description, action, cause);
  }

  static String springKeys(String text) {
    Matcher key = SETTING_KEY.matcher(text);
    StringBuilder result = new StringBuilder();
    while (key.find()) {
      String replacement =
          Setting.forKey(key.group(1)) != null
              ? SecurePoolConfig.PREFIX + key.group(1)
              : key.group(1);
      key.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    key.appendTail(result);
    return result.toString();
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
