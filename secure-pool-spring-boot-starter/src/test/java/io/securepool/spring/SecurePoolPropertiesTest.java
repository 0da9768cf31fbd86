package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.json.JsonParserFactory;

/**
 * Keeps {@link SecurePoolProperties} and the core's {@link Setting} registry in step: a setting
 * added to the core without its property, its metadata, its default or its value hints fails here.
 */
class SecurePoolPropertiesTest {

  @Test
  void everySettingHasAProperty() {
    BeanWrapper bean = PropertyAccessorFactory.forBeanPropertyAccess(new SecurePoolProperties());
    List<String> missing = new ArrayList<>();
    for (Setting setting : Setting.values()) {
      if (!bean.isReadableProperty(SettingValues.propertyPath(setting))) {
        missing.add("secure-pool." + setting.key());
      }
    }
    assertThat(missing)
        .as("settings without a property in SecurePoolProperties (add a field with Javadoc)")
        .isEmpty();
  }

  @Test
  void everySettingIsInTheConfigurationMetadata() throws IOException {
    List<String> names = new ArrayList<>();
    for (Object property : metadataList("spring-configuration-metadata.json", "properties")) {
      names.add((String) ((Map<?, ?>) property).get("name"));
    }
    for (Setting setting : Setting.values()) {
      assertThat(names).contains("secure-pool." + setting.key());
    }
  }

  @Test
  void everyPropertyIsASetting() throws IOException {
    List<String> starterOnly =
        List.of(
            "secure-pool.enabled",
            "secure-pool.driver",
            "secure-pool.other-databases",
            "secure-pool.observations.enabled");
    for (Object property : metadataList("spring-configuration-metadata.json", "properties")) {
      String name = (String) ((Map<?, ?>) property).get("name");
      if (name.startsWith("secure-pool.")
          && !starterOnly.contains(name)
          && !name.startsWith("secure-pool.migration.")) {
        assertThat(Setting.forKey(name.substring("secure-pool.".length())))
            .as("%s has no Setting in the core", name)
            .isNotNull();
      }
    }
  }

  @Test
  void everyPropertyDescribesItself() throws IOException {
    for (Object property : metadataList("spring-configuration-metadata.json", "properties")) {
      Map<?, ?> entry = (Map<?, ?>) property;
      assertThat((String) entry.get("description"))
          .as("plain-text description of %s", entry.get("name"))
          .isNotBlank()
          .doesNotContain("{@", "<", "&");
    }
  }

  @Test
  void enumSettingsHaveValueHintsWithTheAllowedValues() throws IOException {
    List<Object> hints = metadataList("additional-spring-configuration-metadata.json", "hints");
    for (Setting setting : Setting.values()) {
      if (setting.type() != Setting.Type.ENUM) {
        continue;
      }
      List<String> values = new ArrayList<>();
      for (Object hint : hints) {
        Map<?, ?> entry = (Map<?, ?>) hint;
        if (("secure-pool." + setting.key()).equals(entry.get("name"))) {
          for (Object value : (List<?>) entry.get("values")) {
            values.add((String) ((Map<?, ?>) value).get("value"));
          }
        }
      }
      assertThat(values).as("hints of %s", setting.key()).isEqualTo(setting.allowedValues());
    }
  }

  @Test
  void propertyDefaultsAreTheSettingDefaults() {
    SecurePoolConfig fromProperties = configOf(Map.of());
    SecurePoolConfig core = SecurePoolConfig.builder().build();
    for (Setting setting : Setting.values()) {
      if (setting.type() == Setting.Type.DURATION) {
        assertThat(fromProperties.duration(setting))
            .as(setting.key())
            .isEqualTo(core.duration(setting));
      } else {
        assertThat(fromProperties.get(setting)).as(setting.key()).isEqualTo(core.get(setting));
      }
    }
  }

  @Test
  void everyPropertyReachesItsSetting() {
    Map<String, String> given = new java.util.LinkedHashMap<>();
    for (Setting setting : Setting.values()) {
      given.put("secure-pool." + setting.key(), sample(setting));
    }
    SecurePoolConfig config = configOf(given);
    for (Setting setting : Setting.values()) {
      assertThat(config.isSet(setting)).as(setting.key()).isTrue();
      if (setting.type() == Setting.Type.DURATION) {
        assertThat(config.duration(setting).toMillis()).as(setting.key()).isEqualTo(7000);
      } else {
        assertThat(config.get(setting)).as(setting.key()).isEqualTo(sample(setting));
      }
    }
  }

  static SecurePoolConfig configOf(Map<String, String> properties) {
    Binder binder = new Binder(new MapConfigurationPropertySource(properties));
    SecurePoolProperties bound = binder.bindOrCreate("secure-pool", SecurePoolProperties.class);
    Properties values = SettingValues.toProperties(bound, binder);
    return SecurePoolConfig.fromProperties(values, SecurePoolConfig.PREFIX).build();
  }

  private static String sample(Setting setting) {
    switch (setting.type()) {
      case BOOLEAN:
        return "true";
      case INTEGER:
        return "3";
      case DURATION:
        return "7s";
      case LIST:
        return "first,second";
      case ENUM:
        return setting.allowedValues().get(setting.allowedValues().size() - 1);
      default:
        return "sample-" + setting.key();
    }
  }

  private static List<Object> metadataList(String file, String member) throws IOException {
    try (InputStream in = SecurePoolPropertiesTest.class.getResourceAsStream("/META-INF/" + file)) {
      assertThat(in).as(file).isNotNull();
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return JsonParserFactory.getJsonParser().parseList("[" + json + "]").stream()
          .map(root -> ((Map<?, ?>) root).get(member))
          .flatMap(list -> ((List<?>) list).stream())
          .map(Object.class::cast)
          .collect(java.util.stream.Collectors.toList());
    }
  }
}
