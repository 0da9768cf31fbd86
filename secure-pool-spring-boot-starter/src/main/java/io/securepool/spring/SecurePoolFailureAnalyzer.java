package io.securepool.spring;

import io.securepool.api.SecurePoolException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up refusal (weak URL, missing or unreadable CA, untrusted server, superuser login,
 * credentials unavailable, invalid setting) into Spring Boot's "Description / Action" report.
 *
 * <p>Every refusal carries what was refused, why, and how to fix it as separate fields: the
 * description is the rule, the pool, what and why; the action is the fix and the rule's entry in
 * the catalogue. Setting keys in the fix ({@code tls.ca-file}) are shown as the Spring property to
 * set ({@code secure-pool.tls.ca-file}).
 */
final class SecurePoolFailureAnalyzer extends AbstractFailureAnalyzer<SecurePoolException> {

  /** Keys with a dot or a dash: plain words such as "url" are left alone. */
  private static final Pattern SETTING_KEY =
      Pattern.compile("(?<![\\w.-])([a-z]+(?:[.-][a-z]+)+)(?![\\w-])");

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SecurePoolException cause) {
    String description =
        "secure-pool refused to start: "
            + cause.ruleId()
            + " ["
            + cause.pool()
            + "] "
            + cause.what()
            + ". "
            + capitalised(cause.why())
            + ".";
    String action =
        capitalised(springKeys(cause.fix()))
            + ". About this rule: "
            + cause.rule().documentation()
            + ".";
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
