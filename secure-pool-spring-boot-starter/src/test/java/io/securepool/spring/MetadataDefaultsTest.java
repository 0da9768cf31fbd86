package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.config.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.json.JsonParserFactory;

/**
 * The defaults an IDE shows for {@code secure-pool.*} come from the configuration metadata, which
 * the annotation processor reads off the literal field initialisers of {@link SecurePoolProperties}
 * (a call such as {@code Setting.X.defaultValue()} would leave the metadata without a default),
 * plus {@code additional-spring-configuration-metadata.json}. Those copies must say what {@link
 * Setting} says: a default changed on one side only fails here. (The initialisers' effect on the
 * bound configuration is checked by {@code
 * SecurePoolPropertiesTest#propertyDefaultsAreTheSettingDefaults}.)
 */
class MetadataDefaultsTest {

  @Test
  void everyMetadataDefaultIsTheSettingDefault() throws IOException {
    Map<String, Object> defaults = new HashMap<>();
    for (Object property : properties()) {
      Map<?, ?> entry = (Map<?, ?>) property;
      defaults.put((String) entry.get("name"), entry.get("defaultValue"));
    }
    List<String> drifted = new ArrayList<>();
    for (Setting setting : Setting.values()) {
      String name = "secure-pool." + setting.key();
      assertThat(defaults).as("metadata of %s", name).containsKey(name);
      Object shown = defaults.get(name);
      if (!sameDefault(setting, shown)) {
        drifted.add(name + ": metadata says " + shown + ", Setting says " + setting.defaultValue());
      }
    }
    assertThat(drifted)
        .as(
            "metadata defaults that differ from Setting (correct the field initialiser in"
                + " SecurePoolProperties or additional-spring-configuration-metadata.json)")
        .isEmpty();
  }

  /** A setting with no default shows none; one with a default shows exactly it. */
  private static boolean sameDefault(Setting setting, Object shown) {
    String expected = setting.defaultValue();
    boolean none = expected == null || expected.isEmpty();
    if (shown == null) {
      return none;
    }
    if (setting.type() == Setting.Type.LIST) {
      return shown instanceof List && ((List<?>) shown).equals(setting.defaultList());
    }
    if (none) {
      return false;
    }
    switch (setting.type()) {
      case DURATION:
        return shown instanceof String
            && DurationStyle.detectAndParse((String) shown).equals(setting.defaultDuration());
      case INTEGER:
        return shown instanceof Number && ((Number) shown).longValue() == setting.defaultLong();
      case BOOLEAN:
        return shown instanceof Boolean && shown.toString().equals(expected);
      default:
        return expected.equals(shown);
    }
  }

  private static List<?> properties() throws IOException {
    String file = "/META-INF/spring-configuration-metadata.json";
    try (InputStream in = MetadataDefaultsTest.class.getResourceAsStream(file)) {
      assertThat(in).as(file).isNotNull();
      Map<String, Object> root =
          JsonParserFactory.getJsonParser()
              .parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return (List<?>) root.get("properties");
    }
  }
}
