package io.securepool.corpus.springdata.jpa;

import java.math.BigDecimal;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Derived queries, paging, LIKE, JPQL and native queries over the whole hierarchy. */
public interface ProductRepository extends JpaRepository<Product, Long> {
  List<Product> findByNameLikeIgnoreCase(String pattern);

  List<Product> findByNameStartingWith(String prefix);

  Page<Product> findByStateOrderByPriceDesc(String state, Pageable page);

  Slice<Product> findByPriceBetween(BigDecimal low, BigDecimal high, Pageable page);

  List<Product> findTop3ByOrderByPriceDesc();

  long countByStateIn(List<String> states);

  boolean existsByNameIgnoreCase(String name);

  @Query("select p from Product p where type(p) = Gadget and p.price < :max")
  List<Product> cheapGadgets(@Param("max") BigDecimal max);

  @Query(
      value = "select name from sdjpa.product where state = :state order by name",
      nativeQuery = true)
  List<String> nativeNamesByState(@Param("state") String state);

  @Modifying
  @Query("update Product p set p.state = :to where p.state = :from")
  int moveState(@Param("from") String from, @Param("to") String to);
}
