package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationListener;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The background warm-up names classes that exist, runs without failing and is registered. */
class SecurePoolPreinitializerTest {

  @Test
  void everyClassItLoadsExists() {
    ClassLoader loader = getClass().getClassLoader();
    for (String name : SecurePoolPreinitializer.CLASSES) {
      assertThat(loader.getResource(name.replace('.', '/') + ".class")).as(name).isNotNull();
    }
  }

  @Test
  void warmsUpWithoutFailing() {
    SecurePoolPreinitializer.preinitialize();
  }

  @Test
  @SuppressWarnings("rawtypes")
  void isRegisteredAsAnApplicationListener() {
    assertThat(
            SpringFactoriesLoader.forDefaultResourceLocation()
                .load(ApplicationListener.class)
                .stream()
                .map(Object::getClass))
        .contains(SecurePoolPreinitializer.class);
  }
}
