package io.securepool.spring;

import io.securepool.api.InvalidConfigurationException;
import io.securepool.api.SecurityRule;
import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Refuses a {@code secure-pool.*} property that binds to nothing, as the plain-Java builder refuses
 * an unknown key: {@code secure-pool.inspector.mdoe=off} would otherwise leave the inspector at its
 * default while its author believes it is off.
 *
 * <p>The known names are read from {@link SecurePoolProperties} itself (every bean property, nested
 * classes followed, maps taken as open), so a property added there is known here without a list to
 * keep in step. Names are compared in Boot's relaxed form ({@code caFile}, {@code ca_file} and
 * {@code ca-file} are one name); environment variables cannot be told apart from other prefixes
 * (SECURE_POOL_* also maps to {@code secure.pool.*}) and are not checked.
 */
final class UnknownProperties {

  static final SecurityRule RULE = SecurityRule.CONFIG_UNKNOWN_KEY;

  private static final String ROOT = "secure-pool";

  private static final Known KNOWN = known();

  private UnknownProperties() {}

  /** The known names: leaves, and prefixes under which any name is taken (maps). */
  private record Known(List<String> leaves, List<String> open) {}

  /**
   * @throws InvalidConfigurationException naming the first unknown property and the nearest known
   *     one
   */
  static void check(Environment environment) throws InvalidConfigurationException {
    check(environment, ROOT);
  }

  /**
   * As {@link #check(Environment)}, for the properties of a pool under another prefix.
   *
   * @throws InvalidConfigurationException naming the first unknown property and the nearest known
   *     one
   */
  static void check(Environment environment, String prefix) throws InvalidConfigurationException {
    ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
    TreeSet<String> unknown = new TreeSet<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (source instanceof IterableConfigurationPropertySource iterable) {
        iterable.stream()
            .filter(root::isAncestorOf)
            .map(name -> relative(root, name))
            .filter(name -> !isKnown(name))
            .forEach(
                name ->
                    unknown.add(prefix + withoutIndex(name).toString().substring(ROOT.length())));
      }
    }
    if (unknown.isEmpty()) {
      return;
    }
    String first = unknown.first();
    String suggestion = suggest(ROOT + first.substring(prefix.length()));
    if (suggestion != null) {
      suggestion = prefix + suggestion.substring(ROOT.length());
    }
    throw new InvalidConfigurationException(
        RULE,
        prefix,
        "refused the unknown property '"
            + cut(first)
            + "'"
            + (suggestion == null ? "" : " (did you mean " + suggestion + "?)")
            + (unknown.size() > 1 ? " and " + (unknown.size() - 1) + " more" : ""),
        "a mistyped key would otherwise be ignored and its setting left at the default",
        "correct the key"
            + (suggestion == null ? "" : " to " + suggestion)
            + "; the properties are listed in docs/configuration.md, pgjdbc properties go under"
            + " secure-pool.driver.<name>",
        null);
  }

  /** {@code reporting.secure-pool.tls.ca-file} as {@code secure-pool.tls.ca-file}. */
  private static ConfigurationPropertyName relative(
      ConfigurationPropertyName root, ConfigurationPropertyName name) {
    ConfigurationPropertyName relative = ConfigurationPropertyName.of(ROOT);
    for (int i = root.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
      String element = name.getElement(i, ConfigurationPropertyName.Form.DASHED);
      boolean bracketed = name.isNumericIndex(i) || element.contains(".");
      relative = relative.append(bracketed ? "[" + element + "]" : element);
    }
    return relative;
  }

  static boolean isKnown(ConfigurationPropertyName name) {
    String form = form(withoutIndex(name));
    for (String open : KNOWN.open()) {
      if (form.startsWith(uniform(open) + ".")) {
        return true;
      }
    }
    for (String leaf : KNOWN.leaves()) {
      if (form.equals(uniform(leaf))) {
        return true;
      }
    }
    return false;
  }

  /** The known name nearest to {@code name} by edit distance, or null when none is close. */
  static String suggest(String name) {
    String form = form(ConfigurationPropertyName.of(name));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : KNOWN.leaves()) {
      int distance = distance(form, uniform(known));
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    int lastDot = form.lastIndexOf('.');
    int allowed = Math.max(2, (form.length() - lastDot - 1) / 3);
    return bestDistance <= allowed ? best : null;
  }

  /**
   * {@code secure-pool.tls.caFile}, {@code secure-pool.tls.ca_file} and {@code
   * secure-pool.tls.ca-file} have one form: lower case without dashes.
   */
  private static String form(ConfigurationPropertyName name) {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < name.getNumberOfElements(); i++) {
      if (i > 0) {
        form.append('.');
      }
      form.append(name.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
    }
    return form.toString();
  }

  private static String uniform(String dashed) {
    return dashed.replace("-", "");
  }

  private static ConfigurationPropertyName withoutIndex(ConfigurationPropertyName name) {
    ConfigurationPropertyName result = name;
    while (result.isLastElementIndexed()) {
      result = result.getParent();
    }
    return result;
  }

  private static Known known() {
    List<String> leaves = new ArrayList<>();
    List<String> open = new ArrayList<>();
    walk(new SecurePoolProperties(), "secure-pool", leaves, open);
    return new Known(List.copyOf(leaves), List.copyOf(open));
  }

  private static void walk(Object bean, String prefix, List<String> leaves, List<String> open) {
    BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(bean);
    for (PropertyDescriptor property : wrapper.getPropertyDescriptors()) {
      if (property.getReadMethod() == null || property.getName().equals("class")) {
        continue;
      }
      String name = prefix + "." + dashed(property.getName());
      Class<?> type = property.getPropertyType();
      if (Map.class.isAssignableFrom(type)) {
        open.add(name);
      } else if (type.getName().startsWith(SecurePoolProperties.class.getName() + "$")) {
        walk(wrapper.getPropertyValue(property.getName()), name, leaves, open);
      } else if (property.getWriteMethod() != null || Collection.class.isAssignableFrom(type)) {
        leaves.add(name);
      }
    }
  }

  private static String dashed(String camel) {
    StringBuilder dashed = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        dashed.append('-').append(Character.toLowerCase(c));
      } else {
        dashed.append(c);
      }
    }
    return dashed.toString().toLowerCase(Locale.ROOT);
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String cut(String key) {
    return key.length() <= 120 ? key : key.substring(0, 120) + "...";
  }
}
