package io.securepool.corpus;

import java.util.List;
import java.util.Map;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** A MyBatis mapper over the Flyway-made schema, with static and dynamic SQL. */
public interface BookMapper {
  @Select("SELECT id, title, state FROM book WHERE id = #{id}")
  Map<String, Object> byId(long id);

  @Select(
      "<script>SELECT id, title FROM book WHERE id IN"
          + "<foreach item='i' collection='ids' open='(' separator=',' close=')'>#{i}</foreach>"
          + " ORDER BY id</script>")
  List<Map<String, Object>> byIds(@Param("ids") List<Long> ids);

  @Select(
      "<script>SELECT id, title FROM book<where>"
          + "<if test='state != null'>state = #{state}</if>"
          + "<if test='title != null'> AND lower(title) LIKE lower(#{title})</if>"
          + "</where> ORDER BY title LIMIT #{limit}</script>")
  List<Map<String, Object>> search(
      @Param("state") String state, @Param("title") String title, @Param("limit") int limit);

  @Select("SELECT count(*) FROM book WHERE state = 'PUBLISHED' AND price IS NOT NULL")
  long publishedWithPrice();

  @Insert(
      "INSERT INTO book (author_id, title, isbn, state, price)"
          + " VALUES (#{author}, #{title}, #{isbn}, 'DRAFT', #{price})")
  @Options(useGeneratedKeys = true, keyProperty = "id", keyColumn = "id")
  int insert(Map<String, Object> book);

  @Update("UPDATE book SET price = price * 1.1, version = version + 1 WHERE state = #{state}")
  int raise(@Param("state") String state);

  @Delete("DELETE FROM review WHERE stars < #{stars}")
  int prune(@Param("stars") int stars);
}
