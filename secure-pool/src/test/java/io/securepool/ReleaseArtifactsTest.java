package io.securepool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a release carries beside the code, checked on every build so that it cannot drift: the
 * license and security policy exist, the BOM (which has no parent, see its POM) has the parent's
 * version and manages every published artifact, and each library jar declares its module name.
 */
class ReleaseArtifactsTest {
  static final Path ROOT = Path.of("..");

  static String read(String path) throws IOException {
    return Files.readString(ROOT.resolve(path), StandardCharsets.UTF_8);
  }

  static String firstVersion(String pom) {
    // The project's own version: the first <version> after its artifactId, outside <parent>.
    String withoutParent = pom.replaceAll("(?s)<parent>.*?</parent>", "");
    Matcher m = Pattern.compile("<version>([^<]+)</version>").matcher(withoutParent);
    assertThat(m.find()).as("a <version> in the POM").isTrue();
    return m.group(1);
  }

  @Test
  void licenseIsApacheTwoAndSecurityPolicySaysHowToReport() throws IOException {
    assertThat(read("LICENSE")).contains("Apache License", "Version 2.0, January 2004");
    assertThat(read("SECURITY.md"))
        .contains("## Reporting a vulnerability", "## Supported versions", "## What is in scope");
    assertThat(read("CHANGELOG.md")).contains("## [Unreleased]");
  }

  @Test
  void bomHasTheParentsVersionAndManagesEveryPublishedArtifact() throws IOException {
    String parent = read("pom.xml");
    String bom = read("secure-pool-bom/pom.xml");
    assertThat(firstVersion(bom)).isEqualTo(firstVersion(parent));
    assertThat(bom).doesNotContain("<parent>");
    assertThat(parent).contains("<module>secure-pool-bom</module>");
    for (String artifact :
        new String[] {"secure-pool", "secure-pool-testkit", "secure-pool-spring-boot-starter"}) {
      assertThat(bom).contains("<artifactId>" + artifact + "</artifactId>");
    }
    assertThat(bom).contains("<classifier>cli</classifier>");
    // Reproducible like the rest: the same timestamp as the parent's.
    Pattern stamp = Pattern.compile("<project.build.outputTimestamp>([^<]+)<");
    Matcher p = stamp.matcher(parent);
    Matcher b = stamp.matcher(bom);
    assertThat(p.find() && b.find()).isTrue();
    assertThat(b.group(1)).isEqualTo(p.group(1));
  }

  @Test
  void eachPublishedJarDeclaresItsModuleName() throws IOException {
    assertThat(read("secure-pool/pom.xml"))
        .contains("<Automatic-Module-Name>io.securepool</Automatic-Module-Name>");
    assertThat(read("secure-pool-testkit/pom.xml"))
        .contains("<Automatic-Module-Name>io.securepool.testkit</Automatic-Module-Name>");
    assertThat(read("secure-pool-spring-boot-starter/pom.xml"))
        .contains("<Automatic-Module-Name>io.securepool.spring.boot</Automatic-Module-Name>");
  }
}
