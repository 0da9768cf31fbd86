package io.securepool.corpus.springdata.jdbc;

import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.ListPagingAndSortingRepository;
import org.springframework.data.repository.query.Param;

/** Derived queries, paging, LIKE and annotated queries, as an application declares them. */
public interface CustomerRepository
    extends ListCrudRepository<Customer, Long>, ListPagingAndSortingRepository<Customer, Long> {
  List<Customer> findByNameLike(String pattern);

  List<Customer> findByEmailContainingIgnoreCase(String part);

  Page<Customer> findByStatusOrderByNameAsc(String status, Pageable page);

  List<Customer> findTop2ByStatusInOrderByIdDesc(List<String> statuses);

  long countByStatus(String status);

  boolean existsByEmail(String email);

  @Query("SELECT * FROM sdj.customer WHERE lower(name) = lower(:name)")
  List<Customer> byName(@Param("name") String name);

  @Modifying
  @Query("UPDATE sdj.customer SET status = :to WHERE status = :from")
  int moveStatus(@Param("from") String from, @Param("to") String to);
}
