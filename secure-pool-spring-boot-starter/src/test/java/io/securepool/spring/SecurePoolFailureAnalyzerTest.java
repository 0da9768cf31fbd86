package io.securepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.securepool.api.SecurityRule;
import io.securepool.api.TlsPolicyException;
import io.securepool.api.WeakUrlException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class SecurePoolFailureAnalyzerTest {

  private final SecurePoolFailureAnalyzer analyzer = new SecurePoolFailureAnalyzer();

  @Test
  void splitsTheRefusalIntoDescriptionAndAction() {
    WeakUrlException refusal =
        new WeakUrlException(
            SecurityRule.URL_SSL_DISABLED,
            "orders-db",
            "refused the driver property 'sslmode'",
            "it would allow an unverified server",
            "remove sslmode from the URL",
            null);

    FailureAnalysis analysis =
        analyzer.analyze(new BeanCreationException("dataSource", "failed", refusal));

    assertThat(analysis.getDescription())
        .isEqualTo(
            "secure-pool refused to start: SP-URL-SSL-DISABLED [orders-db] refused the driver"
                + " property 'sslmode'. It would allow an unverified server.");
    assertThat(analysis.getAction())
        .isEqualTo(
            "Remove sslmode from the URL. About this rule: docs/rules.md#sp-url-ssl-disabled.");
    assertThat(analysis.getCause()).isSameAs(refusal);
  }

  @Test
  void namesSettingsAsSpringProperties() {
    TlsPolicyException refusal =
        new TlsPolicyException(
            SecurityRule.TLS_CA,
            "p",
            "no CA is pinned",
            "every connection is verified",
            "set exactly one of tls.ca-file, tls.ca-resource or tls.ca-pem",
            null);

    FailureAnalysis analysis = analyzer.analyze(new RuntimeException(refusal));

    assertThat(analysis.getAction())
        .isEqualTo(
            "Set exactly one of secure-pool.tls.ca-file, secure-pool.tls.ca-resource or"
                + " secure-pool.tls.ca-pem. About this rule: docs/rules.md#sp-tls-ca.");
  }

  @Test
  void leavesOtherFailuresToOtherAnalyzers() {
    assertThat(analyzer.analyze(new IllegalStateException("not ours"))).isNull();
  }
}
