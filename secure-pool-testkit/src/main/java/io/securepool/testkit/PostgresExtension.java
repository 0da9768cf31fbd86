package io.securepool.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real PostgreSQL: a {@link PostgresServer} parameter (constructor, lifecycle or test
 * method) receives the JVM's shared server, started on first use. Annotate the parameter with
 * {@link Variant} for a server with weaker settings, for refusal tests.
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class MyIT {
 *   @Test
 *   void connects(PostgresServer server) { ... }
 *
 *   @Test
 *   void refusesPlainTcp(@Variant(tls = false) PostgresServer server) { ... }
 * }
 * }</pre>
 */
public final class PostgresExtension implements ParameterResolver {

  /** Selects a server variant for one parameter. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  public @interface Variant {
    /** Whether the server speaks TLS. */
    boolean tls() default true;

    /** The pg_hba method. */
    HbaMethod hba() default HbaMethod.SCRAM_SHA_256;

    /** The certificate the server presents. */
    ServerCertificate certificate() default ServerCertificate.VALID;

    /** Whether every statement is logged. */
    boolean logAllStatements() default false;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PostgresServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter
        .findAnnotation(Variant.class)
        .map(
            variant ->
                TestPostgres.shared(
                    ServerOptions.builder()
                        .tls(variant.tls())
                        .hbaMethod(variant.hba())
                        .certificate(variant.certificate())
                        .logAllStatements(variant.logAllStatements())
                        .build()))
        .orElseGet(TestPostgres::shared);
  }
}
