package io.securepool.benchmarks;

/**
 * Builds parameterised SELECTs of a given length in the style an ORM emits them (aliased columns,
 * joins, function calls, {@code ?} placeholders, a constant {@code LIMIT}); {@code variant} makes
 * each text distinct.
 */
final class SqlTexts {
  private SqlTexts() {}

  static int length(String size) {
    switch (size) {
      case "100":
        return 100;
      case "1k":
        return 1024;
      case "10k":
        return 10 * 1024;
      default:
        throw new IllegalArgumentException("size is 100, 1k or 10k, not " + size);
    }
  }

  static String select(int length, int variant) {
    String tail =
        " from app.orders o1_0 join app.customers c1_0 on c1_0.id=o1_0.customer_id"
            + " where o1_0.status=? and o1_0.created_at>=? order by o1_0.id desc limit 50";
    StringBuilder sql = new StringBuilder(length + 64);
    sql.append("select o1_0.id as v").append(variant);
    for (int column = 0; sql.length() + tail.length() < length; column++) {
      switch (column % 4) {
        case 0:
          sql.append(",o1_0.total_").append(column);
          break;
        case 1:
          sql.append(",lower(c1_0.name_").append(column).append(')');
          break;
        case 2:
          sql.append(",coalesce(o1_0.note_").append(column).append(",?)");
          break;
        default:
          sql.append(",case when o1_0.flag_").append(column).append(" then ? else ? end");
          break;
      }
    }
    return sql.append(tail).toString();
  }
}
