package io.securepool.spring;

import io.securepool.config.Setting;
import java.lang.reflect.Method;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The URL and credentials of Boot's {@code JdbcConnectionDetails} (a service connection:
 * Testcontainers' {@code @ServiceConnection}, Docker Compose, or an application's own bean).
 *
 * <p>Boot 3 and Boot 4 declare the type in different packages with the same methods, so it is read
 * by name. Boot's own {@code PropertiesJdbcConnectionDetails} is defined by the DataSource
 * auto-configuration that backs off when the secure pool exists; any bean seen here therefore comes
 * from a service connection or the application, and, as in Boot, it wins over {@code
 * spring.datasource.*} (but not over an explicit {@code secure-pool.*} property).
 */
final class ConnectionDetailsValues {

  private ConnectionDetailsValues() {}

  /** The values of the unique connection-details bean, empty when there is none. */
  static Map<Setting, String> of(ListableBeanFactory beans, ClassLoader classLoader) {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    for (String typeName : SecurePoolCondition.CONNECTION_DETAILS) {
      if (!ClassUtils.isPresent(typeName, classLoader)) {
        continue;
      }
      Class<?> type = ClassUtils.resolveClassName(typeName, classLoader);
      String[] names = beans.getBeanNamesForType(type, true, false);
      if (names.length != 1) {
        continue;
      }
      Object details = beans.getBean(names[0]);
      put(values, Setting.URL, details, type, "getJdbcUrl");
      put(values, Setting.USERNAME, details, type, "getUsername");
      put(values, Setting.PASSWORD, details, type, "getPassword");
    }
    return values;
  }

  private static void put(
      Map<Setting, String> values, Setting setting, Object details, Class<?> type, String getter) {
    try {
      Method method = type.getMethod(getter);
      Object value = method.invoke(details);
      if (value != null && !value.toString().isEmpty()) {
        values.put(setting, value.toString());
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          type.getName() + "." + getter + "() could not be read: " + e.getClass().getSimpleName(),
          e);
    }
  }
}
