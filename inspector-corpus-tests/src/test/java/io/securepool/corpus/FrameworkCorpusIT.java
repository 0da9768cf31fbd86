package io.securepool.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.securepool.SecureDataSource;
import io.securepool.api.StatementRejectedException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.corpus.orm.Book;
import io.securepool.corpus.orm.Film;
import io.securepool.corpus.orm.Media;
import io.securepool.corpus.orm.Writer;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.inspect.InspectorSettings;
import io.securepool.inspect.StatementInspector;
import io.securepool.inspect.Verdict;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs Flyway, Liquibase, Hibernate, jOOQ and MyBatis against the test kit's PostgreSQL through the
 * secure pool in ENFORCE, each from its own lines of this class (real call sites), and requires
 * that nothing they emit is refused. The statements they emitted are written to {@code
 * target/framework-corpus/*.sql}, one per line, and scanned again as one stream without call sites
 * (what the {@code inspect} command does with a statement log): at most 0.5 % may be refused.
 */
@ExtendWith(PostgresExtension.class)
class FrameworkCorpusIT {
  private final List<SecurityEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, List<String>> captured = new LinkedHashMap<>();

  @Test
  void frameworksRunThroughTheEnforcingPoolWithoutARefusal(PostgresServer server) throws Exception {
    try (Connection admin = server.connectAsSuperuser();
        Statement s = admin.createStatement()) {
      for (String schema : List.of("shop", "lq", "orm")) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        s.execute("CREATE SCHEMA " + schema + " AUTHORIZATION " + TestRole.APP.username());
      }
      // The mapper's SQL names its tables unqualified, as an application's usually does.
      s.execute("ALTER ROLE " + TestRole.APP.username() + " SET search_path = shop, public");
    }
    LoginRole app = server.role(TestRole.APP);
    SecurePoolConfig config =
        SecurePoolConfig.builder()
            .url(server.jdbcUrl())
            .caFile(server.caFile())
            .staticCredentials(app.username(), app.password())
            .maximumPoolSize(2)
            .eventListener(events::add)
            .build();
    try (SecureDataSource pool = SecureDataSource.create(config)) {
      flyway(record(pool, "flyway"));
      liquibase(record(pool, "liquibase"));
      hibernate(record(pool, "hibernate"));
      jooq(record(pool, "jooq"));
      mybatis(record(pool, "mybatis"));
      assertThat(events)
          .filteredOn(
              e ->
                  e.type() == SecurityEventType.STATEMENT_REJECTED
                      || e.type() == SecurityEventType.STATEMENT_DETECTED)
          .isEmpty();
      // Switching to the login role changes nothing and passes; any other role is still refused.
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement()) {
        s.execute("SET ROLE '" + app.username() + "'");
        assertThatThrownBy(() -> s.execute("SET ROLE " + TestRole.SUPERUSER.username()))
            .isInstanceOf(StatementRejectedException.class);
      }
    }
    int total = 0;
    List<String> refused = new ArrayList<>();
    Path dir = Path.of("target", "framework-corpus");
    Files.createDirectories(dir);
    StatementInspector stream = StatementInspector.create(InspectorSettings.defaults());
    for (Map.Entry<String, List<String>> e : captured.entrySet()) {
      assertThat(e.getValue()).as(e.getKey() + " emitted statements").isNotEmpty();
      List<String> lines = new ArrayList<>();
      for (String sql : e.getValue()) {
        String line = oneLine(sql);
        lines.add(line);
        total++;
        Verdict v = stream.inspect(line, scriptRunner(e.getKey()));
        if (!v.allowed() && !app.username().equals(v.roleTarget())) {
          refused.add(e.getKey() + ": " + v.ruleId() + " " + v.maskedSql());
        }
      }
      Files.write(dir.resolve(e.getKey() + ".sql"), lines, StandardCharsets.UTF_8);
    }
    refused.forEach(r -> System.out.println("refused (one stream) " + r));
    System.out.printf(
        Locale.ROOT,
        "framework corpus: %d statements, %d refused as one stream (%.2f %%)%n",
        total,
        refused.size(),
        100.0 * refused.size() / total);
    assertThat((double) refused.size() / total).isLessThanOrEqualTo(0.005);
  }

  /**
   * The call site a scan gives a framework's statements: migration tools run files a developer
   * wrote, and a scan that knows which tool sent a statement judges it as the pool does (structure
   * rules only); everything else is one stream with one call site per shape.
   */
  static String scriptRunner(String framework) {
    return switch (framework) {
      case "flyway" -> "org.flywaydb.core.Flyway.migrate";
      case "liquibase" -> "liquibase.Liquibase.update";
      default -> StatementInspector.SITE_PER_SHAPE;
    };
  }

  /** Newlines folded to spaces, outside of what a line comment would swallow. */
  static String oneLine(String sql) {
    StringBuilder b = new StringBuilder(sql.length());
    for (String part : sql.strip().split("\r?\n")) {
      String p = part.strip();
      if (p.startsWith("--")) {
        continue;
      }
      b.append(b.length() == 0 ? "" : " ").append(p);
    }
    return b.toString();
  }

  private DataSource record(DataSource pool, String framework) {
    List<String> log = StatementRecorder.newLog();
    captured.put(framework, log);
    return StatementRecorder.over(pool, log);
  }

  private static void flyway(DataSource ds) {
    Flyway.configure()
        .dataSource(ds)
        .schemas("shop")
        .locations("classpath:db/migration")
        .load()
        .migrate();
    Flyway.configure().dataSource(ds).schemas("shop").load().info();
  }

  private static void liquibase(DataSource ds) throws Exception {
    try (Connection c = ds.getConnection()) {
      Database db =
          DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      db.setDefaultSchemaName("lq");
      @SuppressWarnings("deprecation")
      Liquibase liquibase =
          new Liquibase(
              "db/changelog/db.changelog-master.xml", new ClassLoaderResourceAccessor(), db);
      liquibase.update(new Contexts(), new LabelExpression());
    }
  }

  private static void hibernate(DataSource ds) {
    StandardServiceRegistry registry =
        new StandardServiceRegistryBuilder()
            .applySetting("hibernate.connection.datasource", ds)
            .applySetting("hibernate.default_schema", "orm")
            .applySetting("hibernate.hbm2ddl.auto", "create")
            .applySetting("hibernate.show_sql", "false")
            .build();
    try (SessionFactory sf =
        new MetadataSources(registry)
            .addAnnotatedClass(Media.class)
            .addAnnotatedClass(Book.class)
            .addAnnotatedClass(Film.class)
            .addAnnotatedClass(Writer.class)
            .buildMetadata()
            .buildSessionFactory()) {
      sf.inTransaction(
          s -> {
            Writer w = new Writer();
            w.name = "Ada";
            w.email = "ada@example.com";
            s.persist(w);
            for (long i = 1; i <= 3; i++) {
              Book b = new Book();
              b.id = i;
              b.title = "Book " + i;
              b.state = i == 3 ? "DRAFT" : "ACTIVE";
              b.isbn = "978-" + i;
              b.writer = w;
              s.persist(b);
              Film f = new Film();
              f.id = 100 + i;
              f.title = "Film " + i;
              f.state = "ACTIVE";
              f.minutes = 90;
              s.persist(f);
            }
          });
      sf.inTransaction(
          s -> {
            Book b = s.find(Book.class, 1L);
            b.title = "Book one";
            s.createSelectionQuery(
                    "from Media m where m.state = 'ACTIVE' order by m.title", Media.class)
                .getResultList();
            s.createSelectionQuery("from Media m where m.title like :t", Media.class)
                .setParameter("t", "Book%")
                .getResultList();
            s.createSelectionQuery(
                    "select b from Book b join fetch b.writer w where w.name = :n and b.id in :ids",
                    Book.class)
                .setParameter("n", "Ada")
                .setParameter("ids", List.of(1L, 2L, 3L))
                .getResultList();
            s.createSelectionQuery(
                    "from Book b where (:state is null or b.state = :state)", Book.class)
                .setParameter("state", (String) null)
                .getResultList();
            s.createSelectionQuery(
                    "select count(b) from Book b where b.isbn is not null", Long.class)
                .getSingleResult();
            s.createSelectionQuery("from Book b order by b.id", Book.class)
                .setFirstResult(1)
                .setMaxResults(2)
                .getResultList();
            s.createMutationQuery("update Book b set b.state = 'ARCHIVED' where b.state = 'DRAFT'")
                .executeUpdate();
            s.createNativeQuery("select title from orm.book where id = :id", String.class)
                .setParameter("id", 2L)
                .getSingleResult();
            var cb = s.getCriteriaBuilder();
            var q = cb.createQuery(Book.class);
            var root = q.from(Book.class);
            q.where(cb.equal(root.get("state"), "ACTIVE"), cb.like(root.get("title"), "Book%"));
            s.createQuery(q).getResultList();
          });
      sf.inTransaction(s -> s.remove(s.find(Film.class, 103L)));
    }
  }

  private static void jooq(DataSource ds) {
    DSLContext ctx = DSL.using(ds, SQLDialect.POSTGRES);
    Table<Record> book = table(name("shop", "book"));
    Table<Record> author = table(name("shop", "author"));
    Field<Long> id = field(name("book", "id"), SQLDataType.BIGINT);
    Field<String> title = field(name("book", "title"), SQLDataType.VARCHAR);
    Field<String> state = field(name("book", "state"), SQLDataType.VARCHAR);
    Field<Long> authorId = field(name("book", "author_id"), SQLDataType.BIGINT);
    Field<Long> aid = field(name("author", "id"), SQLDataType.BIGINT);
    Field<String> aname = field(name("author", "name"), SQLDataType.VARCHAR);
    ctx.select(id, title).from(book).where(state.eq("PUBLISHED")).orderBy(title).fetch();
    ctx.select(aname, count())
        .from(author)
        .join(book)
        .on(authorId.eq(aid))
        .where(state.in("PUBLISHED", "ARCHIVED"))
        .groupBy(aname)
        .having(count().gt(0))
        .fetch();
    ctx.selectFrom(book).where(id.in(1L, 2L)).limit(10).offset(0).fetch();
    ctx.insertInto(book)
        .columns(authorId, title, field(name("isbn"), SQLDataType.VARCHAR))
        .values(1L, "Sketches", "978-0000000009")
        .returning()
        .fetch();
    ctx.update(book)
        .set(field(name("price"), SQLDataType.NUMERIC), new BigDecimal("9.99"))
        .where(title.eq("Sketches"))
        .execute();
    ctx.select(id).from(book).where(title.likeIgnoreCase("%numbers%")).fetch();
    ctx.select(id)
        .from(book)
        .whereExists(DSL.selectOne().from(author).where(aid.eq(authorId)))
        .fetch();
    ctx.deleteFrom(book).where(title.eq("Sketches")).execute();
  }

  private static void mybatis(DataSource ds) {
    Configuration configuration =
        new Configuration(new Environment("corpus", new JdbcTransactionFactory(), ds));
    configuration.addMapper(BookMapper.class);
    SqlSessionFactory factory = new SqlSessionFactoryBuilder().build(configuration);
    try (SqlSession session = factory.openSession()) {
      BookMapper m = session.getMapper(BookMapper.class);
      m.byId(1);
      m.byIds(List.of(1L, 2L));
      m.byIds(List.of(1L, 2L, 3L));
      m.search("PUBLISHED", null, 10);
      m.search(null, "%n%", 5);
      m.publishedWithPrice();
      Map<String, Object> b = new HashMap<>();
      b.put("author", 1L);
      b.put("title", "Tracts");
      b.put("isbn", "978-0000000010");
      b.put("price", new BigDecimal("5.00"));
      m.insert(b);
      m.raise("PUBLISHED");
      m.prune(2);
      session.commit();
    }
  }
}
